using System.Collections.Generic;
using System.Linq;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tests.Sync;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Core.Tests;

/// <summary>The bulk writes both engines have: rows added, rows already there updated, rows named by key deleted, nothing else touched.</summary>
public sealed class BulkUpsertTests
{
    private static readonly string[] Columns = { "token_id", "adam_id", "pricing_param", "client_user_id", "serial_number", "generation" };
    private const string Key = "token_id, adam_id, pricing_param, client_user_id, serial_number";

    [Theory, SqliteStore, PostgresStore]
    public void Rows_thought_new_that_are_already_there_are_merged_not_refused(StoreEngine engine)
    {
        using var harness = new SyncHarness(engine: engine);
        var store = harness.Store;
        long token = harness.Token.TokenId;
        object?[] Row(int i, long generation) => new object?[] { token, "1000", "STDQ", string.Empty, "SN" + i.ToString("D4"), generation };

        using (var transaction = store.BeginWrite())
        {
            Assert.Equal(3, store.Dialect.Upsert(store.Connection, transaction, "assignments", Columns, Key, "generation = excluded.generation",
                Enumerable.Range(0, 3).Select(i => Row(i, 1)).ToList(), probablyNew: true));
            // Two of these five are there already: the page is merged, as a page of a read that started again would be.
            Assert.Equal(5, store.Dialect.Upsert(store.Connection, transaction, "assignments", Columns, Key, "generation = excluded.generation",
                Enumerable.Range(1, 5).Select(i => Row(i, 2)).ToList(), probablyNew: true));
            transaction.Commit();
        }

        var stored = new Dictionary<string, long>();
        using (var command = store.Connection.CreateCommand(null, "SELECT serial_number, generation FROM assignments WHERE token_id = @token ORDER BY serial_number;"))
        {
            command.AddParameter("@token", token);
            using var reader = command.ExecuteReader();
            while (reader.Read()) stored[reader.GetString(0)] = reader.GetInt64(1);
        }

        Assert.Equal(new Dictionary<string, long> { ["SN0000"] = 1, ["SN0001"] = 2, ["SN0002"] = 2, ["SN0003"] = 2, ["SN0004"] = 2, ["SN0005"] = 2 }, stored);
    }

    [Theory, SqliteStore, PostgresStore]
    public void Rows_named_by_their_key_are_deleted_and_no_other(StoreEngine engine)
    {
        using var harness = new SyncHarness(engine: engine);
        var store = harness.Store;
        long token = harness.Token.TokenId;
        object?[] Row(int i) => new object?[] { token, "1000", "STDQ", string.Empty, "SN" + i.ToString("D4"), 1L };
        object?[] KeyOf(object?[] row) => row.Take(5).ToArray();

        using (var transaction = store.BeginWrite())
        {
            store.Dialect.Upsert(store.Connection, transaction, "assignments", Columns, Key, null, Enumerable.Range(0, 5).Select(Row).ToList());
            // SN0009 is not there: naming it deletes nothing.
            Assert.Equal(2, store.Dialect.Delete(store.Connection, transaction, "assignments", Key.Split(", "),
                new[] { KeyOf(Row(1)), KeyOf(Row(3)), KeyOf(Row(9)) }));
            Assert.Equal(0, store.Dialect.Delete(store.Connection, transaction, "assignments", Key.Split(", "), new List<object?[]>()));
            transaction.Commit();
        }

        var left = new List<string>();
        using (var command = store.Connection.CreateCommand(null, "SELECT serial_number FROM assignments WHERE token_id = @token ORDER BY serial_number;"))
        {
            command.AddParameter("@token", token);
            using var reader = command.ExecuteReader();
            while (reader.Read()) left.Add(reader.GetString(0));
        }

        Assert.Equal(new[] { "SN0000", "SN0002", "SN0004" }, left);
    }
}
