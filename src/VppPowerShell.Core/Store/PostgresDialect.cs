using System;
using System.Collections.Concurrent;
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
    /// <summary>The advisory-lock class of one token's writes ('VPPT'), keyed by the token's id.</summary>
    internal const int TokenLockClass = 0x56505054;
    internal const int WriteLock = 1;
    private const int MigrationLock = 2;
    private static readonly ConcurrentDictionary<string, Dictionary<string, string>> DeclaredTypes = new(StringComparer.Ordinal);

    public override StoreEngine Engine => StoreEngine.PostgreSql;

    public override bool QueriesAreRoundTrips => true;

    public override ISharedSlots? SharedSlots(StoreLocation location, string gateKey) =>
        new PostgresSlots(location.ConnectionString!, gateKey);

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

    /// <summary>The store's write lock shared, then the token's own exclusively, in that order, as every taker does.</summary>
    public override DbTransaction BeginTokenWrite(DbConnection connection, int tokenId)
    {
        var transaction = connection.BeginTransaction();
        try
        {
            Execute(connection, transaction,
                $"SELECT pg_advisory_xact_lock_shared({LockClass}, {WriteLock}); SELECT pg_advisory_xact_lock({TokenLockClass}, {tokenId});");
            return transaction;
        }
        catch
        {
            transaction.Dispose();
            throw;
        }
    }

    public override int Upsert(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns,
        string? conflict, string? update, IReadOnlyCollection<object?[]> rows, bool probablyNew = false)
    {
        if (rows.Count == 0) return 0;
        var shared = (NpgsqlConnection)connection;
        var types = ColumnTypes(shared, transaction, table, columns);
        var columnList = string.Join(", ", columns);
        if (probablyNew)
        {
            Execute(connection, transaction, "SAVEPOINT vpp_bulk;");
            try
            {
                Copy(shared, table, columnList, types, rows);
                Execute(connection, transaction, "RELEASE SAVEPOINT vpp_bulk;");
                return rows.Count;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                Execute(connection, transaction, "ROLLBACK TO SAVEPOINT vpp_bulk;");
            }
        }

        var stage = "vpp_stage_" + table;
        Execute(connection, transaction,
            $"CREATE TEMP TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS SELECT {columnList} FROM {table} WITH NO DATA; DELETE FROM {stage};");
        Copy(shared, stage, columnList, types, rows);
        return Execute(connection, transaction, $"INSERT INTO {table} ({columnList}) SELECT {columnList} FROM {stage} {OnConflict(conflict, update)};");
    }

    public override int Delete(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> keyColumns,
        IReadOnlyCollection<object?[]> keys)
    {
        if (keys.Count == 0) return 0;
        var types = ColumnTypes((NpgsqlConnection)connection, transaction, table, keyColumns);
        using var command = connection.CreateCommand(transaction, string.Empty);
        var arrays = new List<string>();
        for (var i = 0; i < keyColumns.Count; i++)
        {
            var column = i;
            Array values = types[i] switch
            {
                NpgsqlDbType.Bigint => keys.Select(key => Convert.ToInt64(key[column], CultureInfo.InvariantCulture)).ToArray(),
                NpgsqlDbType.Integer => keys.Select(key => Convert.ToInt32(key[column], CultureInfo.InvariantCulture)).ToArray(),
                _ => keys.Select(key => Convert.ToString(key[column], CultureInfo.InvariantCulture)).ToArray(),
            };
            arrays.Add(command.AddParameter("@k" + i.ToString(CultureInfo.InvariantCulture), values).ParameterName);
        }

        command.CommandText = $"DELETE FROM {table} t USING unnest({string.Join(", ", arrays)}) AS k({string.Join(", ", keyColumns)}) " +
            $"WHERE {string.Join(" AND ", keyColumns.Select(column => $"t.{column} = k.{column}"))};";
        return command.ExecuteNonQuery();
    }

    private static void Copy(NpgsqlConnection connection, string table, string columnList, NpgsqlDbType[] types, IEnumerable<object?[]> rows)
    {
        using var copy = connection.BeginBinaryImport($"COPY {table} ({columnList}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            copy.StartRow();
            for (var i = 0; i < types.Length; i++)
            {
                var value = row[i];
                if (value is null || value is DBNull) copy.WriteNull();
                else if (types[i] == NpgsqlDbType.Bigint) copy.Write(Convert.ToInt64(value, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint);
                else if (types[i] == NpgsqlDbType.Integer) copy.Write(Convert.ToInt32(value, CultureInfo.InvariantCulture), NpgsqlDbType.Integer);
                else copy.Write(value, types[i]);
            }
        }

        copy.Complete();
    }

    /// <summary>
    /// The binary COPY type of each column, as the table declares it (binary COPY converts nothing).
    /// Every store of one schema version declares the same, so a table is looked up once per process.
    /// </summary>
    private static NpgsqlDbType[] ColumnTypes(NpgsqlConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns)
    {
        var declared = DeclaredTypes.GetOrAdd(table, _ => ReadDeclaredTypes(connection, transaction, table));
        return columns.Select(column => declared[column] switch
        {
            "bigint" => NpgsqlDbType.Bigint,
            "integer" => NpgsqlDbType.Integer,
            "bytea" => NpgsqlDbType.Bytea,
            _ => NpgsqlDbType.Text,
        }).ToArray();
    }

    private static Dictionary<string, string> ReadDeclaredTypes(NpgsqlConnection connection, DbTransaction transaction, string table)
    {
        var declared = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand(transaction,
                   "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table;"))
        {
            command.AddParameter("@table", table);
            using var reader = command.ExecuteReader();
            while (reader.Read()) declared[reader.GetString(0)] = reader.GetString(1);
        }

        return declared;
    }

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
