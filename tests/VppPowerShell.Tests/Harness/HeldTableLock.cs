using System;
using System.Threading;
using Npgsql;

namespace VppPowerShell.Tests.Harness;

/// <summary>
/// A lock on one table of a shared store, held from another connection, that lets the store be read
/// but not written: a command that writes the table waits there, in the middle of its work, until
/// the test ends its database session as a server restart or pg_terminate_backend would.
/// </summary>
public sealed class HeldTableLock : IDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;
    private readonly string table;

    public HeldTableLock(string connectionString, string table)
    {
        this.table = table;
        connection = new NpgsqlConnection(connectionString);
        connection.Open();
        transaction = connection.BeginTransaction();
        Execute($"LOCK TABLE {table} IN EXCLUSIVE MODE;");
    }

    /// <summary>Waits until a session waits to write the table, then ends it (pg_terminate_backend); returns how many were ended.</summary>
    public int EndWaitingSessions()
    {
        for (var attempt = 0; attempt < 2000; attempt++)
        {
            using var command = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE relation = to_regclass(@table) AND NOT granted AND pid <> pg_backend_pid();",
                connection, transaction);
            command.Parameters.AddWithValue("table", table);
            var ended = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (ended > 0) return ended;
            Thread.Sleep(10);
        }

        throw new TimeoutException($"No session came to write {table}.");
    }

    public void Dispose()
    {
        transaction.Dispose();
        connection.Dispose();
    }

    private void Execute(string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
