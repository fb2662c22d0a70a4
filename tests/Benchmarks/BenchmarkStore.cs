using System;
using System.IO;
using Microsoft.Data.Sqlite;
using Npgsql;
using VppPowerShell.Core.Security;
using VppPowerShell.Core.Store;

namespace VppPowerShell.Benchmarks;

/// <summary>
/// Where a benchmark keeps its store: a file in a temporary folder (--store sqlite, the default),
/// or a fresh schema of the PostgreSQL database that VPP_STORE_CONNECTION names (--store postgres),
/// dropped at the end. The key comes from VPP_STORE_KEY, or is made up for the run.
/// </summary>
public sealed class BenchmarkStore : IDisposable
{
    private readonly string? server;
    private readonly string? schema;
    private readonly StoreKey? key;

    private BenchmarkStore(StoreEngine engine, string folder, string? server)
    {
        Engine = engine;
        Folder = folder;
        this.server = server;
        if (server is null) return;
        schema = "bench_" + Guid.NewGuid().ToString("N").Substring(0, 16);
        KeyText = Environment.GetEnvironmentVariable(StoreKey.EnvironmentVariable) is { Length: > 0 } given ? given : Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        key = StoreKey.FromText(KeyText, "the benchmark's key");
        Execute(server, $"CREATE SCHEMA {schema};");
    }

    public StoreEngine Engine { get; }

    /// <summary>The PostgreSQL store's key, for worker processes (their VPP_STORE_KEY).</summary>
    public string? KeyText { get; }

    public string Folder { get; }

    /// <summary>The SQLite file, or the connection string of the schema: what a worker process is given.</summary>
    public string Address => server is null
        ? Path.Combine(Folder, "vpp.db")
        : new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;

    public StoreLocation Location => Engine == StoreEngine.Sqlite
        ? StoreLocation.Resolve(Address, null)
        : StoreLocation.ForConnection(Address, StoreLocationSource.Parameter, null, key);

    public static BenchmarkStore Create(Arguments options)
    {
        var folder = Path.Combine(Path.GetTempPath(), "vpp-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var engine = options.Text("store") ?? "sqlite";
        if (engine.Equals("sqlite", StringComparison.OrdinalIgnoreCase)) return new BenchmarkStore(StoreEngine.Sqlite, folder, null);
        if (!engine.Equals("postgres", StringComparison.OrdinalIgnoreCase)) throw new ArgumentException($"--store is sqlite or postgres, not '{engine}'.");
        var server = Environment.GetEnvironmentVariable(StoreLocation.ConnectionEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException($"--store postgres reads the server from {StoreLocation.ConnectionEnvironmentVariable}.");
        }

        return new BenchmarkStore(StoreEngine.PostgreSql, folder, server);
    }

    public VppStore Open() => VppStore.Open(Location);

    /// <summary>A second, empty store of the same engine (for the floor measurements).</summary>
    public BenchmarkStore Sibling()
    {
        var sibling = new BenchmarkStore(Engine, Path.Combine(Folder, "sibling"), server);
        Directory.CreateDirectory(sibling.Folder);
        return sibling;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (server is not null) Execute(server, $"DROP SCHEMA IF EXISTS {schema} CASCADE;");
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
