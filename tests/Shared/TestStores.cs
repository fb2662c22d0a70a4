using System;
using System.Collections.Generic;
using System.Reflection;
using Npgsql;
using VppPowerShell.Core.Security;
using VppPowerShell.Core.Store;
using Xunit.Sdk;

namespace VppPowerShell.Tests.Shared;

/// <summary>
/// Stores for the suites that run on both engines. A PostgreSQL store is a fresh schema in the test
/// server's database (VPP_TEST_POSTGRES, which build/postgres/start-test-server.sh prints), so tests
/// stay independent without creating a database each.
/// </summary>
public static class TestStores
{
    public const string ServerVariable = "VPP_TEST_POSTGRES";

    /// <summary>The key the tests' shared stores encrypt tokens with.</summary>
    public const string KeyText = "test-store-key-0123456789abcdefghijklmnopqrstuvwxyz";

    public static string? ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value ? value : null;

    /// <summary>
    /// Why PostgreSQL cases are skipped, or null when they run. In CI they always run, so a missing
    /// server fails them instead of passing unnoticed.
    /// </summary>
    public static string? SkipReason =>
        ServerConnectionString is not null || IsCi
            ? null
            : $"No PostgreSQL test server: set {ServerVariable} (build/postgres/start-test-server.sh starts one and prints it).";

    public static StoreKey Key => StoreKey.FromText(KeyText, "the test key");

    private static bool IsCi =>
        Environment.GetEnvironmentVariable("VPP_TEST_POSTGRES_REQUIRED") == "1" ||
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A new, empty store of <paramref name="engine"/>: a file in <paramref name="folder"/>, or a new schema.</summary>
    public static StoreLocation NewLocation(StoreEngine engine, TempFolder folder, string fileName = "vpp.db") =>
        engine == StoreEngine.Sqlite
            ? StoreLocation.Resolve(folder.File(fileName), null)
            : StoreLocation.ForConnection(NewSchema(), StoreLocationSource.Parameter, null, Key);

    /// <summary>A connection string to a new, empty schema of the test server.</summary>
    public static string NewSchema()
    {
        var server = ServerConnectionString ?? throw new InvalidOperationException(
            $"No PostgreSQL test server: set {ServerVariable} to a connection string (build/postgres/start-test-server.sh prints one).");
        var schema = "t_" + Guid.NewGuid().ToString("N").Substring(0, 20);
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE SCHEMA {schema};", connection);
            command.ExecuteNonQuery();
        }

        // Unpooled: every test store has its own connection string, and idle pools of hundreds of
        // them would use up the server's connections.
        return new NpgsqlConnectionStringBuilder(server) { SearchPath = schema, Pooling = false }.ConnectionString;
    }
}

/// <summary>Runs a theory on an SQLite store.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqliteStoreAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => new[] { new object[] { StoreEngine.Sqlite } };
}

/// <summary>Runs a theory on a PostgreSQL store; skipped, with the reason, when no test server is set up.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresStoreAttribute : DataAttribute
{
    public PostgresStoreAttribute()
    {
        Skip = TestStores.SkipReason;
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => new[] { new object[] { StoreEngine.PostgreSql } };
}
