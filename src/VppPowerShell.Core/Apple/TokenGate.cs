using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Store;

namespace VppPowerShell.Core.Apple;

/// <summary>
/// Holds one token to Apple's 5 requests in flight (API §8) across every process that shares it:
/// a semaphore within the process, and five slots per token shared by all processes. On one
/// machine the slots are lock files; for a token in a shared PostgreSQL store they are advisory
/// locks of that database, so workers on many hosts together still send at most 5. The operating
/// system (or the server, when a session ends) releases a slot whose process died, so a killed
/// runbook never keeps one.
/// </summary>
internal sealed class TokenGate
{
    private static readonly ConcurrentDictionary<string, TokenGate> Gates = new(StringComparer.Ordinal);
    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(50);

    private readonly SemaphoreSlim local = new(AppleClientOptions.MaxInFlightPerToken, AppleClientOptions.MaxInFlightPerToken);
    private readonly ISharedSlots? slots;

    internal TokenGate(string? folder)
        : this(folder is null ? null : new FileSlots(folder))
    {
    }

    internal TokenGate(ISharedSlots? slots)
    {
        this.slots = slots;
    }

    /// <summary>The gate of a token; <paramref name="gateKey"/> identifies the token without revealing it (a fingerprint).</summary>
    public static TokenGate For(string gateKey) => Gates.GetOrAdd(gateKey, key => new TokenGate(FileSlots.For(key)));

    /// <summary>Makes a token of a shared store take its slots from that store's database, from now on in this process.</summary>
    public static void ShareThrough(string gateKey, VppStore store)
    {
        // Every client of a token calls this: the slots are built only while the gate does not share them yet.
        if (Gates.TryGetValue(gateKey, out var current) && current.slots is not (FileSlots or null)) return;
        if (store.SharedSlots(gateKey) is not { } shared) return;
        Gates.AddOrUpdate(gateKey, _ => new TokenGate(shared), (_, existing) => existing.slots is FileSlots or null ? new TokenGate(shared) : existing);
    }

    /// <summary>Waits for a slot; dispose the lease to give it back.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellation)
    {
        await local.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (slots is null) return new Lease(this, null);
            var wait = TimeSpan.FromMilliseconds(1);
            while (true)
            {
                for (var slot = 0; slot < AppleClientOptions.MaxInFlightPerToken; slot++)
                {
                    var taken = slots.TryTake(slot);
                    if (taken is not null) return new Lease(this, taken);
                }

                await Task.Delay(wait, cancellation).ConfigureAwait(false);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestWait.Ticks));
            }
        }
        catch
        {
            local.Release();
            throw;
        }
    }

    private sealed class Lease : IDisposable
    {
        private readonly TokenGate gate;
        private IDisposable? slot;
        private int released;

        public Lease(TokenGate gate, IDisposable? slot)
        {
            this.gate = gate;
            this.slot = slot;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 1) return;
            slot?.Dispose();
            slot = null;
            gate.local.Release();
        }
    }
}
