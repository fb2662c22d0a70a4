using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Linq;
using Npgsql;
using NpgsqlTypes;

namespace VppPowerShell.Core.Store;

/// <summary>
/// The shared engine: a PostgreSQL database many hosts use at once. The write lock and the
/// migration lock are transaction-level advisory locks, so they hold across hosts and end with
/// the transaction (or the session, when a worker dies). The schema version is a one-row table.
/// </summary>
internal sealed class PostgresDialect : StoreDialect
{
    public static readonly PostgresDialect Instance = new();

    /// <summary>The advisory-lock class of every lock this module takes ('VPPS').</summary>
    public const int LockClass = 0x56505053;
    private const int WriteLock = 1;
    private const int MigrationLock = 2;

    public override StoreEngine Engine => StoreEngine.PostgreSql;

    public override DbTransaction BeginWrite(DbConnection connection)
    {
        var transaction = connection.BeginTransaction();
        try
        {
            Lock(connection, transaction, WriteLock);
            return transaction;
        }
        catch
        {
            transaction.Dispose();
            throw;
        }
    }

    public override int Upsert(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns,
        string conflict, string? update, IReadOnlyCollection<object?[]> rows)
    {
        if (rows.Count == 0) return 0;
        var shared = (NpgsqlConnection)connection;
        var types = ColumnTypes(columns.Count, rows);
        var stage = "vpp_stage_" + table;
        var columnList = string.Join(", ", columns);
        Execute(connection, transaction,
            $"CREATE TEMP TABLE IF NOT EXISTS {stage} ({string.Join(", ", columns.Select((c, i) => c + " " + SqlType(types[i])))}) ON COMMIT DROP; DELETE FROM {stage};");
        using (var copy = shared.BeginBinaryImport($"COPY {stage} ({columnList}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                copy.StartRow();
                for (var i = 0; i < types.Length; i++)
                {
                    if (row[i] is null || row[i] is DBNull) copy.WriteNull();
                    else copy.Write(row[i], types[i]);
                }
            }

            copy.Complete();
        }

        // Assignment casts take each staged column to its table column's type.
        return Execute(connection, transaction, $"INSERT INTO {table} ({columnList}) SELECT {columnList} FROM {stage} {OnConflict(conflict, update)};");
    }

    /// <summary>Each column's type from its first non-null value: 64-bit integers, 32-bit integers, bytes, else text.</summary>
    private static NpgsqlDbType[] ColumnTypes(int count, IEnumerable<object?[]> rows)
    {
        var types = new NpgsqlDbType?[count];
        foreach (var row in rows)
        {
            for (var i = 0; i < count; i++)
            {
                if (types[i] is not null || row[i] is null || row[i] is DBNull) continue;
                types[i] = row[i] switch
                {
                    long => NpgsqlDbType.Bigint,
                    int => NpgsqlDbType.Integer,
                    byte[] => NpgsqlDbType.Bytea,
                    _ => NpgsqlDbType.Text,
                };
            }

            if (types.All(t => t is not null)) break;
        }

        return types.Select(t => t ?? NpgsqlDbType.Text).ToArray();
    }

    private static string SqlType(NpgsqlDbType type) => type switch
    {
        NpgsqlDbType.Bigint => "bigint",
        NpgsqlDbType.Integer => "integer",
        NpgsqlDbType.Bytea => "bytea",
        _ => "text",
    };

    public override void Analyze(DbConnection connection, DbTransaction? transaction, params string[] tables) =>
        Execute(connection, transaction, "ANALYZE " + string.Join(", ", tables) + ";");

    public override void Optimize(DbConnection connection)
    {
        // PostgreSQL's autovacuum keeps statistics current.
    }

    /// <summary>0 when the database holds no store yet.</summary>
    public static int ReadVersion(DbConnection connection, DbTransaction? transaction)
    {
        using (var exists = connection.CreateCommand(transaction, "SELECT to_regclass('vpp_schema') IS NOT NULL;"))
        {
            if (!(bool)exists.ExecuteScalar()!) return 0;
        }

        using var command = connection.CreateCommand(transaction, "SELECT coalesce(max(version), 0) FROM vpp_schema;");
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Every step in one transaction under the migration lock: two workers starting at once on a
    /// new or older store migrate it once, the second finding it done when the lock is its turn.
    /// </summary>
    public static void Migrate(DbConnection connection, Action<DbConnection, DbTransaction> seed)
    {
        using var transaction = connection.BeginTransaction();
        Lock(connection, transaction, MigrationLock);
        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS vpp_schema (version INTEGER NOT NULL);");
        var current = ReadVersion(connection, transaction);
        for (var version = current; version < StoreMigrations.LatestVersion; version++)
        {
            Execute(connection, transaction, StoreMigrations.Steps[version].PostgreSql);
            if (version == 0) seed(connection, transaction);
        }

        if (current < StoreMigrations.LatestVersion)
        {
            Execute(connection, transaction, "DELETE FROM vpp_schema; INSERT INTO vpp_schema (version) VALUES (" +
                StoreMigrations.LatestVersion.ToString(CultureInfo.InvariantCulture) + ");");
        }

        transaction.Commit();
    }

    public static NpgsqlConnection Connect(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = "VppPowerShell",
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
        };
        var connection = new NpgsqlConnection(builder.ToString());
        connection.Open();
        return connection;
    }

    private static void Lock(DbConnection connection, DbTransaction transaction, int lockId) =>
        Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({LockClass}, {lockId});");

    private static int Execute(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand(transaction, sql);
        return command.ExecuteNonQuery();
    }
}
