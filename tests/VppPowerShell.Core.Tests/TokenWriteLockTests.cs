using Npgsql;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tests.Sync;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Core.Tests;

/// <summary>
/// On a shared store, syncs of different tokens write side by side; a whole-store write and another
/// write of the same token wait for them. Probed from a third session with the try-forms of the locks.
/// </summary>
public sealed class TokenWriteLockTests
{
    private const int Store = PostgresDialect.LockClass;
    private const int Whole = PostgresDialect.WriteLock;
    private const int Token = PostgresDialect.TokenLockClass;

    [Theory, PostgresStore]
    public void A_token_write_holds_off_the_whole_store_and_its_own_token_but_not_another_token(StoreEngine engine)
    {
        using var harness = new SyncHarness(engine: engine);
        using var writing = harness.Store.BeginTokenWrite(7);
        using var probe = new NpgsqlConnection(harness.Store.Location.ConnectionString);
        probe.Open();

        Assert.False(Try(probe, $"pg_try_advisory_xact_lock({Store}, {Whole})"), "a whole-store write waits");
        Assert.True(Try(probe, $"pg_try_advisory_xact_lock_shared({Store}, {Whole})"), "another token's write goes ahead");
        Assert.True(Try(probe, $"pg_try_advisory_xact_lock({Token}, 8)"), "token 8 is not held");
        Assert.False(Try(probe, $"pg_try_advisory_xact_lock({Token}, 7)"), "token 7's other writers wait");

        writing.Commit();
        Assert.True(Try(probe, $"pg_try_advisory_xact_lock({Store}, {Whole})"), "the whole store is free once the token's write ends");
    }

    private static bool Try(NpgsqlConnection connection, string call)
    {
        using var transaction = connection.BeginTransaction();
        using var command = new NpgsqlCommand("SELECT " + call + ";", connection, transaction);
        var taken = (bool)command.ExecuteScalar()!;
        transaction.Rollback();
        return taken;
    }
}
