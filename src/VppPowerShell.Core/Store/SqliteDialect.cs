using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace VppPowerShell.Core.Store;

/// <summary>The embedded engine: one file, WAL, SQLite's own write lock and schema version.</summary>
internal sealed class SqliteDialect : StoreDialect
{
    public static readonly SqliteDialect Instance = new();

    public override StoreEngine Engine => StoreEngine.Sqlite;

    // BEGIN IMMEDIATE takes SQLite's write lock up front.
    public override DbTransaction BeginWrite(DbConnection connection) =>
        ((SqliteConnection)connection).BeginTransaction(deferred: false);

    // Without statistics SQLite can pick the primary key over the index a query was written for.
    public override string IndexHint(string index) => " INDEXED BY " + index;

    public override void Prepare(DbCommand command) => command.Prepare();

    public override int Upsert(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns,
        string? conflict, string? update, IReadOnlyCollection<object?[]> rows, bool probablyNew = false)
    {
        if (rows.Count == 0) return 0;
        var names = columns.Select((_, i) => "@c" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        using var command = connection.CreateCommand(transaction,
            $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", names)}) {OnConflict(conflict, update)};");
        var parameters = names.Select(name => command.AddParameter(name)).ToList();
        command.Prepare();
        var changed = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Count; i++) parameters[i].Value = row[i] ?? DBNull.Value;
            changed += command.ExecuteNonQuery();
        }

        return changed;
    }

    public override int Delete(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> keyColumns,
        IReadOnlyCollection<object?[]> keys)
    {
        if (keys.Count == 0) return 0;
        var names = keyColumns.Select((_, i) => "@c" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        using var command = connection.CreateCommand(transaction,
            $"DELETE FROM {table} WHERE {string.Join(" AND ", keyColumns.Select((column, i) => column + " = " + names[i]))};");
        var parameters = names.Select(name => command.AddParameter(name)).ToList();
        command.Prepare();
        var deleted = 0;
        foreach (var key in keys)
        {
            for (var i = 0; i < parameters.Count; i++) parameters[i].Value = key[i];
            deleted += command.ExecuteNonQuery();
        }

        return deleted;
    }

    public override void Optimize(DbConnection connection)
    {
        try
        {
            // Bounded, so closing stays fast after large syncs.
            Execute(connection, null, "PRAGMA analysis_limit = 400; PRAGMA optimize;");
        }
        catch (SqliteException)
        {
            // A store that cannot be written (read-only, locked) is still closed.
        }
    }

    public static int ReadVersion(DbConnection connection, DbTransaction? transaction)
    {
        using var command = connection.CreateCommand(transaction, "PRAGMA user_version;");
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Each step in its own write transaction; a step another process applied meanwhile is skipped.</summary>
    public static void Migrate(DbConnection connection, int fromVersion, Action<DbConnection, DbTransaction> seed)
    {
        for (var version = fromVersion; version < StoreMigrations.LatestVersion; version++)
        {
            using var transaction = Instance.BeginWrite(connection);
            var current = ReadVersion(connection, transaction);
            if (current > version)
            {
                transaction.Commit();
                version = current - 1;
                continue;
            }

            Execute(connection, transaction, StoreMigrations.Steps[version].Sqlite + $"\nPRAGMA user_version = {version + 1};");
            if (version == 0) seed(connection, transaction);
            transaction.Commit();
        }
    }

    public static void Execute(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand(transaction, sql);
        command.ExecuteNonQuery();
    }
}
