using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Core.Sync;

/// <summary>
/// Runs one piece of work per token, at most a throttle's worth of tokens at a time. Each running
/// token has a store connection of its own (a connection serves one thread at a time), opened before
/// the first token starts and used for the tokens that follow it; Apple's limit of 5 requests in
/// flight is per token and is kept by each token's own gate, so tokens share no limit with each other.
/// Once cancelled, no further token starts; the running ones end as their work answers the cancellation.
/// </summary>
public static class ParallelTokens
{
    /// <summary>How long a running token's write waits for another's: longer than any one token's sync holds the lock.</summary>
    private static readonly TimeSpan WriterWait = TimeSpan.FromHours(1);

    /// <summary>
    /// Runs <paramref name="work"/> for every token and calls <paramref name="finished"/> with each
    /// token's ended task (succeeded, failed or cancelled) as soon as it ends, from the worker's thread.
    /// Returns when every started token has ended.
    /// </summary>
    public static async Task RunAsync<T>(StoreLocation location, IReadOnlyList<VppToken> tokens, int throttleLimit,
        Func<VppStore, VppToken, CancellationToken, Task<T>> work, Action<VppToken, Task<T>> finished, CancellationToken cancellation)
    {
        if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit), "At least one token runs at a time.");
        var running = Math.Min(throttleLimit, tokens.Count);
        if (running == 0) return;
        ThreadPoolHeadroom.Ensure(running);
        var stores = new List<VppStore>(running);
        try
        {
            for (var i = 0; i < running; i++)
            {
                stores.Add(VppStore.Open(location));
                if (running > 1) stores[i].WaitForOtherWriters(WriterWait);
            }

            var next = -1;
            async Task WorkThrough(VppStore store)
            {
                while (!cancellation.IsCancellationRequested)
                {
                    var index = Interlocked.Increment(ref next);
                    if (index >= tokens.Count) return;
                    var token = tokens[index];
                    var task = Start(() => work(store, token, cancellation));
                    try
                    {
                        await task.ConfigureAwait(false);
                    }
                    catch
                    {
                        // Handed to finished below, as the task it is.
                    }

                    finished(token, task);
                }
            }

            await Task.WhenAll(stores.Select(store => Task.Run(() => WorkThrough(store), CancellationToken.None))).ConfigureAwait(false);
        }
        finally
        {
            foreach (var store in stores) store.Dispose();
        }
    }

    /// <summary>The work's task; a synchronous throw becomes a failed task like any other.</summary>
    private static Task<T> Start<T>(Func<Task<T>> work)
    {
        try
        {
            return work();
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }
}
