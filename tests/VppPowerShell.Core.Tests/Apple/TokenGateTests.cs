using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
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

        Assert.Equal(AppleClientOptions.MaxInFlightPerToken, peak);
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
}
