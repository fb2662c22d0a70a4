using System;
using System.Diagnostics;

namespace VppPowerShell.Core.Leases;

/// <summary>
/// Which process runs a job or a sync ("host:pid"), and whether it still does. A process of this
/// machine is asked directly (<see cref="LocalProcess"/>); one on another host holds a lease it renews
/// (the heartbeat), and is gone once the lease has run out without a heartbeat.
/// </summary>
internal static class LeaseOwner
{
    /// <summary>How long a heartbeat keeps a job its owner's; owners renew it four times as often.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public static string Current { get; } = $"{Environment.MachineName}:{CurrentProcessId()}";

    /// <summary>True when the owner is another process that has ended or whose lease ran out (or no owner is recorded).</summary>
    public static bool IsGone(string? owner, DateTimeOffset? heartbeatOn = null, DateTimeOffset? now = null) =>
        owner != Current && !IsAlive(owner, heartbeatOn, now);

    public static bool IsAlive(string? owner, DateTimeOffset? heartbeatOn = null, DateTimeOffset? now = null)
    {
        if (owner is null || owner == Current) return false;
        var leaseHeld = heartbeatOn is null || heartbeatOn.Value + Lease > (now ?? DateTimeOffset.UtcNow);
        var separator = owner.LastIndexOf(':');
        if (separator < 0 || owner.Substring(0, separator) != Environment.MachineName) return leaseHeld;

        // On this machine a dead process shows at once; the lease still bounds an owner whose id
        // another process has since been given.
        return leaseHeld && IsProcessAlive(owner, separator);
    }

    private static bool IsProcessAlive(string owner, int separator) =>
        int.TryParse(owner.Substring(separator + 1), out var pid) && LocalProcess.IsRunning(pid);

    private static int CurrentProcessId()
    {
        using var self = Process.GetCurrentProcess();
        return self.Id;
    }
}
