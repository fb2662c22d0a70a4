using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Linq;
using System.Threading;
using VppPowerShell.Core.Security;

namespace VppPowerShell.Core.Store;

/// <summary>
/// Copies an SQLite store into an empty PostgreSQL store: every table row as it is (ids included), the
/// tokens re-encrypted under the shared store's key, in one transaction of the target that is committed
/// only when every table holds as many rows as the source. The copy keeps the source's store id, so
/// Apple sees the same management system and the tokens are not claimed away from it; the key check is
/// recomputed for that id.
/// </summary>
public static class StoreCopy
{
    /// <summary>Every table with rows, parents before children. Columns are read from the source: the schemas match.</summary>
    internal static readonly string[] Tables =
    {
        "tokens", "assets", "assignments", "users", "devices", "groups", "group_members",
        "desired", "target_status", "jobs", "job_targets", "job_batches",
    };

    /// <summary>What a store holds that is not derived from another table: any row in these makes it non-empty.</summary>
    private static readonly string[] OwnRows = { "tokens", "groups", "devices", "desired", "jobs" };

    /// <summary>The store identity and key check are handled apart; other store_info rows are copied as they are.</summary>
    private static readonly string[] OwnInfo = { "key_check" };

    private const int RowsPerWrite = 10_000;
    private const int ActivityId = 41;

    /// <summary>
    /// Copies <paramref name="source"/> (SQLite) into <paramref name="target"/> (an empty PostgreSQL store,
    /// opened with its key). The source is held under its write lock meanwhile, so it does not change
    /// while it is copied. Returns the rows copied per table, in <see cref="Tables"/> order.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, long>> Run(StoreLocation source, StoreLocation target,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellation = default)
    {
        if (source.Engine != StoreEngine.Sqlite) throw new ArgumentException("The source of a copy is an SQLite store.", nameof(source));
        if (target.Engine != StoreEngine.PostgreSql) throw new ArgumentException("The target of a copy is a PostgreSQL store.", nameof(target));

        using var from = VppStore.Open(source);
        using var to = VppStore.Open(target);
        using var read = from.BeginWrite();
        using var write = to.BeginWrite();
        RefuseNonEmpty(to, write);

        var storeId = VppStore.StoreId(from.Connection, read);
        var key = ((SuppliedKeyTokenProtector)to.Protector).Key;
        var protector = new SuppliedKeyTokenProtector(key, storeId);
        CopyInfo(from, read, to, write, key.CheckFor(storeId));

        var copied = new List<KeyValuePair<string, long>>();
        for (var i = 0; i < Tables.Length; i++)
        {
            var table = Tables[i];
            progress?.Report(new ProgressReport(ActivityId, $"Copying {from.Path}", $"Table {table}", i * 100 / Tables.Length));
            Action<object[], string[]>? transform = table == "tokens" ? (row, columns) => Reencrypt(row, columns, from.Protector, protector) : null;
            copied.Add(new KeyValuePair<string, long>(table, CopyTable(from, read, to, write, table, transform, cancellation)));
        }

        progress?.Report(new ProgressReport(ActivityId, $"Copying {from.Path}", "Checking the copy", 100));
        RestartIdentity(to, write, "tokens", "token_id");
        RestartIdentity(to, write, "groups", "group_id");
        Verify(from, read, to, write, copied);
        write.Commit();
        progress?.Report(new ProgressReport(ActivityId, $"Copying {from.Path}", "Done", 100, completed: true));
        return copied;
    }

    private static void RefuseNonEmpty(VppStore target, DbTransaction transaction)
    {
        var held = OwnRows.Where(table => Count(target.Connection, transaction, table) > 0).Select(t => t == "desired" ? "desired assignments" : t).ToList();
        if (held.Count == 0) return;
        throw new VppException(VppErrorIds.StoreNotEmpty, VppErrorCategory.ResourceExists,
            $"The shared store {target.Path} is not empty (it holds {string.Join(", ", held)}): a store is copied into an empty one only. Nothing was written.",
            target: target.Path,
            recommendedAction: "Copy into an empty database, or a new schema named by Search Path= in the connection string.");
    }

    /// <summary>The source's identity and creation date; the key check of the target's key for that identity.</summary>
    private static void CopyInfo(VppStore from, DbTransaction read, VppStore to, DbTransaction write, string keyCheck)
    {
        var rows = new List<(string Key, string Value)>();
        using (var select = from.Connection.CreateCommand(read, "SELECT key, value FROM store_info;"))
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read()) rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        rows.RemoveAll(r => OwnInfo.Contains(r.Key));
        rows.Add(("key_check", keyCheck));
        using var upsert = to.Connection.CreateCommand(write,
            "INSERT INTO store_info (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value;");
        var keyParameter = upsert.AddParameter("@key");
        var valueParameter = upsert.AddParameter("@value");
        foreach (var (name, value) in rows)
        {
            keyParameter.Value = name;
            valueParameter.Value = value;
            upsert.ExecuteNonQuery();
        }
    }

    /// <summary>Reads every row of a table from the source and writes it by column name, with the shared store's bulk write.</summary>
    private static long CopyTable(VppStore from, DbTransaction read, VppStore to, DbTransaction write, string table,
        Action<object[], string[]>? transform, CancellationToken cancellation)
    {
        using var select = from.Connection.CreateCommand(read, $"SELECT * FROM {table};");
        using var reader = select.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var batch = new List<object?[]>(RowsPerWrite);
        long copied = 0;
        while (true)
        {
            var more = reader.Read();
            if (more)
            {
                var row = new object[columns.Length];
                reader.GetValues(row);
                transform?.Invoke(row, columns);
                batch.Add(row);
                if (batch.Count < RowsPerWrite) continue;
            }

            // The target is empty: every batch goes straight in; a row already there would be skipped, and the count check would say so.
            copied += to.Dialect.Upsert(to.Connection, write, table, columns, null, null, batch, probablyNew: true);
            batch.Clear();
            cancellation.ThrowIfCancellationRequested();
            if (!more) return copied;
        }
    }

    /// <summary>A token's secret, decrypted with the source's protector and encrypted under the shared store's key.</summary>
    private static void Reencrypt(object[] row, string[] columns, ITokenProtector from, ITokenProtector to)
    {
        var secret = Array.IndexOf(columns, "secret");
        var name = (string)row[Array.IndexOf(columns, "name")];
        row[secret] = to.Protect(TokenProtection.Reveal(from, (byte[])row[secret], name));
    }

    /// <summary>New rows are numbered after the copied ones.</summary>
    private static void RestartIdentity(VppStore to, DbTransaction write, string table, string column)
    {
        using var command = to.Connection.CreateCommand(write,
            $"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), coalesce(max({column}), 0) + 1, false) FROM {table};");
        command.ExecuteScalar();
    }

    private static void Verify(VppStore from, DbTransaction read, VppStore to, DbTransaction write, List<KeyValuePair<string, long>> copied)
    {
        var wrong = new List<string>();
        foreach (var table in copied)
        {
            var expected = Count(from.Connection, read, table.Key);
            var found = Count(to.Connection, write, table.Key);
            if (table.Value != expected || found != expected) wrong.Add($"{table.Key}: {expected} in the source, {found} copied");
        }

        if (wrong.Count == 0) return;
        throw new VppException(VppErrorIds.StoreCopyMismatch, VppErrorCategory.InvalidResult,
            $"The copy of {from.Path} into {to.Path} does not hold what the source does ({string.Join("; ", wrong)}). It was rolled back: nothing was written.",
            target: to.Path,
            recommendedAction: "Check that no other VppPowerShell version or tool writes to the shared store, then copy again.");
    }

    private static long Count(DbConnection connection, DbTransaction transaction, string table)
    {
        using var command = connection.CreateCommand(transaction, $"SELECT COUNT(*) FROM {table};");
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
