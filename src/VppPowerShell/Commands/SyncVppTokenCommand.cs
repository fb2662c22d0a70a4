using System;
using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Core.Sync;

namespace VppPowerShell.Commands;

/// <summary>Brings the store's copy of Apple's assets, assignments and users up to date.</summary>
/// <remarks>
/// Apple is the truth for licenses and assignments; the store is a cache of it. A sync
/// reads assets with their counts, app names from the token's country store, assignments
/// and users. After the first full sync only Apple's changes are read, unless -Full is given.
/// When Apple answers a filtered read with rows it was not asked for, an incremental sync reads every
/// assignment instead, and a warning says why.
/// A failed sync leaves the last good copy as it was and records why on the token (SyncState,
/// LastSyncError). One token's failure does not stop the others. Legacy VPP tokens are read in
/// full from Apple's v1 service.
/// </remarks>
/// <example>
/// <code>Sync-VppToken</code>
/// <para>Syncs every token in the store.</para>
/// </example>
/// <example>
/// <code>Get-VppToken 'Contoso *' | Sync-VppToken -Full -PassThru</code>
/// <para>Reads everything again for the Contoso tokens and shows what changed.</para>
/// </example>
[Cmdlet(VerbsData.Sync, "VppToken", DefaultParameterSetName = ByNameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = ModuleLinks.Docs + "Sync-VppToken.md")]
[OutputType(typeof(SyncSummary))]
public sealed class SyncVppTokenCommand : VppTokenSelectionCmdlet
{
    private readonly DateTimeOffset started = DateTimeOffset.UtcNow;
    private int tokensSynced;

    /// <summary>Read everything from Apple again instead of only what changed since the last sync.</summary>
    [Parameter]
    public SwitchParameter Full { get; set; }

    /// <summary>Write a summary per token: rows added, changed and removed, requests and duration.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>
    /// Wait for a token that another worker is syncing until that sync ends, then sync it unless that
    /// sync completed. Without it, such a token is left to that worker, and the information stream says
    /// so: several workers can run the same sync against one shared store and split the tokens between
    /// them. Either way a token another worker synced after this command began is not synced again
    /// (unless -Full is given).
    /// </summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    protected override void Process()
    {
        foreach (var token in SelectedTokens())
        {
            WarnIfExpiring(token);
            var full = Full.IsPresent;
            if (!ShouldChange(token.Name, full ? "Full sync from Apple" : "Sync from Apple")) continue;
            var activity = 1 + (2 * tokensSynced++);
            try
            {
                var summary = token.IsLegacy
                    ? RunWork((progress, cancellation) => new LegacySync(Store, ModuleSettings.AppleClient) { Claims = ClaimPolicy }.SyncAsync(token, progress, activity, cancellation))
                    : RunWork((progress, cancellation) => new TokenSync(Store, ModuleSettings.AppleClient) { Claims = ClaimPolicy }.SyncAsync(token, full, progress, activity, cancellation));
                WriteNote(summary.ToString());
                if (summary.FullReason is { } reason)
                {
                    WriteCaution($"The sync of token '{token.Name}' read every assignment instead of only Apple's changes since the last sync. {reason}");
                }

                if (PassThru.IsPresent) WriteOutput(summary);
            }
            catch (SyncLeftException left)
            {
                WriteOutcome(left.Message);
            }
            catch (VppException error)
            {
                WriteTargetError(error);
            }
        }
    }

    /// <summary>A token another worker synced after this command began is not synced again, unless -Full asks to read everything.</summary>
    private SyncClaimPolicy ClaimPolicy => new(Wait.IsPresent, Full.IsPresent ? null : started);
}
