using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Store;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Core.Tests.Apple;

public sealed class TokenGateTests
{
    [Fact]
    public async Task Two_gates_of_one_token_share_five_slots_as_two_processes_would()
    {
        using var folder = new TempFolder();
        var first = new TokenGate(folder.Path);
        var second = new TokenGate(folder.Path);

        Assert.Equal(AppleClientOptions.MaxInFlightPerToken, await PeakInFlightAsync(first, second));
    }

    [Theory, PostgresStore]
    public async Task Two_workers_on_one_shared_store_share_five_slots_and_a_dead_worker_keeps_none(StoreEngine engine)
    {
        Assert.Equal(StoreEngine.PostgreSql, engine);
        var database = TestStores.NewSchema();
        var gateKey = "token-" + Guid.NewGuid().ToString("N");
        // Two gates with their own database sessions: what two processes on two hosts have.
        var first = new TokenGate(new PostgresSlots(database, gateKey));
        var second = new TokenGate(new PostgresSlots(database, gateKey));
        Assert.Equal(AppleClientOptions.MaxInFlightPerToken, await PeakInFlightAsync(first, second));

        // A worker holding every slot dies: its session ends and the server frees the slots.
        using var dying = new PostgresSlots(database, gateKey);
        var held = Enumerable.Range(0, 5).Select(dying.TryTake).ToList();
        Assert.All(held, Assert.NotNull);
        using (var other = new PostgresSlots(database, gateKey)) Assert.Null(other.TryTake(0));
        dying.Dispose();
        using var after = await second.EnterAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
    }

    [Fact]
    public async Task A_lease_given_back_frees_its_slot_and_waiting_can_be_cancelled()
    {
        using var folder = new TempFolder();
        var gate = new TokenGate(folder.Path);
        var held = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => gate.EnterAsync(CancellationToken.None)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gate.EnterAsync(cancel.Token));

        held[0].Dispose();
        using var again = await gate.EnterAsync(CancellationToken.None);
        foreach (var lease in held.Skip(1)) lease.Dispose();
    }

    /// <summary>60 requests through two gates of one token, each holding its slot a moment: the most in flight at once.</summary>
    private static async Task<int> PeakInFlightAsync(TokenGate first, TokenGate second)
    {
        var inFlight = 0;
        var peak = 0;

        async Task Request(TokenGate gate)
        {
            using var lease = await gate.EnterAsync(CancellationToken.None);
            var now = Interlocked.Increment(ref inFlight);
            int seen;
            while (now > (seen = peak)) Interlocked.CompareExchange(ref peak, now, seen);
            await Task.Delay(10);
            Interlocked.Decrement(ref inFlight);
        }

        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Request(i % 2 == 0 ? first : second)));
        return peak;
    }
}
