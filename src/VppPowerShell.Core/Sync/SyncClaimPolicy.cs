using System;
using System.Threading;
using System.Threading.Tasks;

namespace VppPowerShell.Core.Sync;

/// <summary>What a sync does when another worker is syncing its token (R-T10): leave it, or wait and then sync.</summary>
public sealed class SyncClaimPolicy
{
    public SyncClaimPolicy(bool wait, Func<DateTimeOffset>? clock = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        Wait = wait;
        Clock = clock ?? (() => DateTimeOffset.UtcNow);
        Delay = delay ?? Task.Delay;
    }

    /// <summary>Leaves a token another worker is syncing.</summary>
    public static SyncClaimPolicy Leave { get; } = new(false);

    /// <summary>Waits for another worker's sync of the token to end, then syncs it.</summary>
    public static SyncClaimPolicy WaitForOther { get; } = new(true);

    public bool Wait { get; }

    /// <summary>The time a claim is taken and its lease judged by.</summary>
    public Func<DateTimeOffset> Clock { get; }

    /// <summary>How a waiting sync lets time pass before it looks again.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; }
}
