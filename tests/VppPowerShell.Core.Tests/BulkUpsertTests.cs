using System.Collections.Generic;
using System.Linq;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tests.Sync;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Core.Tests;

/// <summary>The one bulk write both engines have: rows added, rows already there updated, nothing lost either way.</summary>
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
}
