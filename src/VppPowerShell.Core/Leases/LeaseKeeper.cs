using System;
using System.Threading;

namespace VppPowerShell.Core.Leases;

/// <summary>
/// Renews a lease this process holds, four times per <see cref="LeaseOwner.Lease"/>, until disposed.
/// <see cref="Token"/> is cancelled when the caller's token is, or when a renewal finds that another
/// worker has taken the lease over (<see cref="Lost"/>). A renewal that cannot reach the store is
/// tried again at the next beat: the lease covers the gap.
/// </summary>
internal sealed class LeaseKeeper : IDisposable
{
    private readonly Func<bool> renew;
    private readonly CancellationTokenSource stop;
    private readonly Timer timer;
    private int renewing;

    /// <param name="renew">Renews the lease; false when this process no longer holds it.</param>
    /// <param name="cancellation">Stops the work the lease covers, as <see cref="Token"/> does.</param>
    /// <param name="every">How often to renew; a quarter of the lease unless a test says otherwise.</param>
    public LeaseKeeper(Func<bool> renew, CancellationToken cancellation, TimeSpan? every = null)
    {
        this.renew = renew;
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var period = every ?? TimeSpan.FromTicks(LeaseOwner.Lease.Ticks / 4);
        timer = new Timer(_ => Beat(), null, period, period);
    }

    public CancellationToken Token => stop.Token;

    /// <summary>True once a renewal found the lease in another worker's hands.</summary>
    public bool Lost { get; private set; }

    public void Dispose()
    {
        timer.Dispose();
        stop.Dispose();
    }

    private void Beat()
    {
        // A renewal that waits on the store must not pile up behind the next one.
        if (Interlocked.Exchange(ref renewing, 1) == 1) return;
        try
        {
            if (renew()) return;
            Lost = true;
            stop.Cancel();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or ObjectDisposedException)
        {
            // The store is out of reach for now: the next beat tries again.
        }
        finally
        {
            Interlocked.Exchange(ref renewing, 0);
        }
    }
}
