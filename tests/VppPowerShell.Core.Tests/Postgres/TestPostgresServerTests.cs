using System;
using Npgsql;
using Xunit;

namespace VppPowerShell.Core.Tests.Postgres;

public sealed class TestPostgresServerTests
{
    [PostgresFact]
    public void A_created_database_is_empty_and_usable_and_is_dropped_with_a_connection_still_open()
    {
        var connectionString = TestPostgresServer.CreateDatabase();
        var other = TestPostgresServer.CreateDatabase();
        TestPostgresServer.DropDatabase(other);
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        Assert.Matches("^vpp_t_[0-9a-f]{16}$", name);
        Assert.NotEqual(name, new NpgsqlConnectionStringBuilder(other).Database);

        using (var open = new NpgsqlConnection(connectionString))
        {
            open.Open();
            Assert.Equal(name, Scalar(open, "SELECT current_database()"));
            Assert.Equal(0L, Scalar(open, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
            Scalar(open, "CREATE TABLE probe (id int PRIMARY KEY)");

            TestPostgresServer.DropDatabase(connectionString);
        }

        using var server = new NpgsqlConnection(TestPostgresServer.ConnectionString);
        server.Open();
        using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", server);
        exists.Parameters.AddWithValue("name", name);
        Assert.Equal(0L, exists.ExecuteScalar());
    }

    [Fact]
    public void Only_a_database_it_created_is_dropped()
    {
        var error = Assert.Throws<ArgumentException>(
            () => TestPostgresServer.DropDatabase("Host=127.0.0.1;Username=vpp;Password=vpp;Database=vpp"));
        Assert.Contains("'vpp' is not a database made by CreateDatabase", error.Message);
    }

    private static object? Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    /// <summary>A fact that is skipped, with <see cref="TestPostgresServer.SkipReason"/>, where there is no server.</summary>
    private sealed class PostgresFactAttribute : FactAttribute
    {
        public PostgresFactAttribute() => Skip = TestPostgresServer.SkipReason;
    }
}
