using System;
using Npgsql;

namespace VppPowerShell.Core.Tests.Postgres;

/// <summary>
/// The PostgreSQL server the store tests run against, named by <c>VPP_TEST_POSTGRES</c> (an Npgsql
/// connection string, as <c>build/postgres/start-test-server.sh</c> prints it). Each test store gets a
/// database of its own: <see cref="CreateDatabase"/> makes it, <see cref="DropDatabase"/> drops it.
/// </summary>
public static class TestPostgresServer
{
    public const string Variable = "VPP_TEST_POSTGRES";
    public const string RequiredVariable = "VPP_TEST_POSTGRES_REQUIRED";
    private const string DatabasePrefix = "vpp_t_";

    /// <summary>The server's connection string, or null when <c>VPP_TEST_POSTGRES</c> is not set.</summary>
    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable)?.Trim() is { Length: > 0 } value ? value : null;

    /// <summary>
    /// Why the PostgreSQL tests are skipped, or null when they run. They always run where a server is
    /// required (<c>VPP_TEST_POSTGRES_REQUIRED=1</c> or <c>CI=true</c>), and then fail without one.
    /// </summary>
    public static string? SkipReason =>
        ConnectionString is not null || IsRequired
            ? null
            : $"No PostgreSQL test server: set {Variable} (build/postgres/start-test-server.sh prints one)";

    private static bool IsRequired =>
        Environment.GetEnvironmentVariable(RequiredVariable) == "1"
        || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Creates a fresh, uniquely named database and returns the connection string for it.</summary>
    public static string CreateDatabase()
    {
        var server = ConnectionString ?? throw new InvalidOperationException(
            $"No PostgreSQL test server: {Variable} is not set. Start one with build/postgres/start-test-server.sh " +
            $"and set {Variable} to the connection string it prints.");
        var name = DatabasePrefix + Guid.NewGuid().ToString("N")[..16];
        try
        {
            using var connection = new NpgsqlConnection(server);
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {Quote(name)}", connection);
            command.ExecuteNonQuery();
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"Could not create a test database on the PostgreSQL server named by {Variable} ({Describe(server)}): {e.Message}", e);
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabase"/>, closing whatever is still connected to it.</summary>
    public static void DropDatabase(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var name = target.Database;
        if (name is null || !name.StartsWith(DatabasePrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a database made by {nameof(CreateDatabase)}; it is not dropped.", nameof(connectionString));
        }

        using (var pooled = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(pooled);

        // Connect to the server's own database (or postgres): a database cannot be dropped from inside itself.
        var maintenance = ConnectionString is { } server
            ? new NpgsqlConnectionStringBuilder(server)
            : new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" };
        using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Quote(name)} WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    private static string Describe(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"Host={builder.Host};Port={builder.Port};Username={builder.Username};Database={builder.Database}";
        }
        catch (ArgumentException)
        {
            return "an unreadable connection string";
        }
    }
}
