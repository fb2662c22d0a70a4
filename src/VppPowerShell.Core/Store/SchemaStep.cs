namespace VppPowerShell.Core.Store;

/// <summary>One schema step, written for each engine.</summary>
internal sealed class SchemaStep
{
    public SchemaStep(string sqlite, string postgreSql)
    {
        Sqlite = sqlite;
        PostgreSql = postgreSql;
    }

    public string Sqlite { get; }

    public string PostgreSql { get; }

    /// <summary>A step whose SQL both engines read the same.</summary>
    public static SchemaStep Both(string sql) => new(sql, sql);
}
