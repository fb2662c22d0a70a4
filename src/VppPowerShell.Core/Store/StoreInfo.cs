namespace VppPowerShell.Core.Store;

/// <summary>What Get-VppStore shows: which store is in use, why, and how its tokens are protected.</summary>
public sealed class StoreInfo
{
    internal StoreInfo(string storePath, StoreLocationSource source, int schemaVersion, int tokenCount, string protection,
        StoreEngine engine = StoreEngine.Sqlite, string? server = null, string? database = null)
    {
        Engine = engine;
        Server = server;
        Database = database;
        StorePath = storePath;
        Source = source;
        SchemaVersion = schemaVersion;
        TokenCount = tokenCount;
        Protection = protection;
    }

    /// <summary>The store that would be used, before it exists: nothing is created to describe it.</summary>
    public static StoreInfo NotCreated(StoreLocation location) =>
        new(location.Path, location.Source, 0, 0, "no store here yet: Add-VppToken creates it", location.Engine);

    /// <summary>Sqlite (a file on this machine) or PostgreSql (a shared database).</summary>
    public StoreEngine Engine { get; }

    /// <summary>The PostgreSQL server; empty for an SQLite store.</summary>
    public string? Server { get; }

    /// <summary>The PostgreSQL database; empty for an SQLite store.</summary>
    public string? Database { get; }

    /// <summary>The SQLite file, or the PostgreSQL connection string without its password.</summary>
    public string StorePath { get; }

    public StoreLocationSource Source { get; }

    public int SchemaVersion { get; }

    public int TokenCount { get; }

    /// <summary>How token secrets are encrypted at rest.</summary>
    public string Protection { get; }

    public override string ToString() => StorePath;
}
