using System;
using System.Threading;

namespace VppPowerShell.Core.Apple;

/// <summary>
/// Store writes are synchronous. With 5 requests in flight, up to 5 pool threads can wait on the
/// store (a PostgreSQL round trip, or each other's turn on the connection) while the answers of
/// the other requests wait for a thread; on a 2-core worker the pool would add threads only about
/// twice a second, stalling every request. Asking for enough threads up front keeps answers
/// flowing. It only raises the pool's floor, never lowers it.
/// </summary>
internal static class ThreadPoolHeadroom
{
    private const int WantedPerToken = AppleClientOptions.MaxInFlightPerToken * 3;

    /// <summary>Enough threads for <paramref name="tokensAtOnce"/> tokens working at the same time.</summary>
    public static void Ensure(int tokensAtOnce = 1)
    {
        var wanted = WantedPerToken * Math.Max(1, tokensAtOnce);
        ThreadPool.GetMinThreads(out var workers, out var ports);
        if (workers < wanted) ThreadPool.SetMinThreads(wanted, ports);
    }
}
