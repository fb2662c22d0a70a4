using System;
using System.Threading;
using System.Threading.Tasks;

namespace VppPowerShell.Core.Sync;

/// <summary>
/// What a sync does about other workers syncing the same token (R-T10): leave a token another worker
/// is syncing, or wait for that sync to end; and whether a sync another worker completed after
/// <see cref="SyncedSince"/> already does this one's work.
/// </summary>
public sealed class SyncClaimPolicy
{
    public SyncClaimPolicy(bool wait, DateTimeOffset? syncedSince = null, Func<DateTimeOffset>? clock = null,
        Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        Wait = wait;
        SyncedSince = syncedSince;
        Clock = clock ?? (() => DateTimeOffset.UtcNow);
        Delay = delay ?? Task.Delay;
    }

    /// <summary>Leaves a token another worker is syncing; syncs every other.</summary>
    public static SyncClaimPolicy Leave { get; } = new(false);

    public bool Wait { get; }

    /// <summary>When the run began: a token another worker synced since then is not synced again. Null syncs it anyway.</summary>
    public DateTimeOffset? SyncedSince { get; }

    /// <summary>The time a claim is taken and its lease judged by.</summary>
    public Func<DateTimeOffset> Clock { get; }

    /// <summary>How a waiting sync lets time pass before it looks again.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; }
}
