using System;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Core.Sync;

/// <summary>
/// This sync left a token to another worker (R-T10): that worker is syncing it now, or synced it
/// after this sync began. Not a failure: the token is, or will be, as fresh as this sync would make it.
/// </summary>
public sealed class SyncLeftException : VppException
{
    private SyncLeftException(VppToken token, string message, string recommendedAction)
        : base(VppErrorIds.SyncRunningElsewhere, VppErrorCategory.ResourceBusy, message, token.Name, recommendedAction)
    {
    }

    internal static SyncLeftException Held(VppToken token, string holder, DateTimeOffset? renewedOn) => new(token,
        $"Token '{token.Name}' is being synced by {holder}{(renewedOn is { } on ? $" (claim renewed {on:u})" : string.Empty)}; this sync left it to that worker.",
        "Nothing to do when several workers share the sync. To wait for that sync to end instead, run Sync-VppToken -Wait.");

    internal static SyncLeftException AlreadySynced(VppToken token, DateTimeOffset syncedOn) => new(token,
        $"Token '{token.Name}' was synced by another worker at {syncedOn:u}, after this sync began; this sync left it as it is.",
        "Nothing to do. To read everything again anyway, run Sync-VppToken -Full.");
}
