using System;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Core.Sync;

/// <summary>A token's sync is another worker's right now (R-T10); this sync left it alone.</summary>
public sealed class SyncHeldElsewhereException : VppException
{
    internal SyncHeldElsewhereException(VppToken token, string holder, DateTimeOffset? renewedOn)
        : base(VppErrorIds.SyncRunningElsewhere, VppErrorCategory.ResourceBusy,
            $"Token '{token.Name}' is being synced by {holder}{(renewedOn is { } on ? $" (claim renewed {on:u})" : string.Empty)}; this sync left it to that worker.",
            token.Name, "Nothing to do when several workers share the nightly sync. To sync it again once that sync ends, run Sync-VppToken -Wait.")
    {
        Holder = holder;
    }

    /// <summary>The worker syncing the token: "host:pid", or "this process" for another pipeline of this one.</summary>
    public string Holder { get; }
}
