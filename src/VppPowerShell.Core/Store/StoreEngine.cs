namespace VppPowerShell.Core.Store;

/// <summary>What holds a store: an SQLite file on this machine, or a shared PostgreSQL database.</summary>
public enum StoreEngine
{
    Sqlite,
    PostgreSql,
}
