using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core.Licensing;

namespace VppPowerShell.Commands;

/// <summary>Removes assignments: the licenses go back to the pool.</summary>
/// <remarks>
/// Takes the asset's license back from each target (Apple's disassociate) and forgets the desired
/// assignment. On iOS and iPadOS the app must then be uninstalled by your MDM; on macOS the
/// app stays usable but cannot update and Apple removes it after 30 days. Books cannot be
/// taken back (AssetNotRevocable). A reclaimed license can go to another target.
/// </remarks>
/// <example>
/// <code>Remove-VppAssignment -AdamId 361309726 -SerialNumber C02ZX1ABCD12 -Force</code>
/// <para>Reclaims Pages from one device without prompting.</para>
/// </example>
[Cmdlet(VerbsCommon.Remove, "VppAssignment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = ModuleLinks.Docs + "Remove-VppAssignment.md")]
[OutputType(typeof(VppTargetResult))]
public sealed class RemoveVppAssignmentCommand : VppAssignmentTargetsCmdlet
{
    /// <summary>Do not prompt for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void End()
    {
        RequireSomeTarget(false);
        foreach (var (tokenId, requested, serials, users) in Received())
        {
            var token = ResolveLicensingToken(tokenId);
            var assets = Priced(token, requested);
            if (assets.Count == 0) continue;
            var targets = Targets(serials, users, new string[0], null);
            if (targets.Count == 0) continue;
            Change(token, "Remove", $"Reclaim {string.Join(", ", assets.Select(a => a.AdamId))} from {targets.Count} target(s)",
                cancellation => Licensing.PlanAssignAsync(token, assets, targets, AssignmentIntent.Uninstall, cancellation),
                _ => new DesiredState(Store).Forget(token.TokenId, assets, serials.Select(s => ("Device", s)).Concat(users.Select(u => ("User", u)))),
                Force.IsPresent);
        }
    }
}
