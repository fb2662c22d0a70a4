using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core.Licensing;

namespace VppPowerShell.Commands;

/// <summary>Removes assignments: the licenses go back to the pool.</summary>
/// <remarks>
/// Takes the asset's license back from each target (Apple's disassociate) and forgets the desired
/// assignment. On iOS and iPadOS the app must then be uninstalled by your MDM (R-R2); on macOS the
/// app stays usable but cannot update and Apple removes it after 30 days (R-R3). Books cannot be
/// taken back (AssetNotRevocable). A reclaimed license can go to another target (R-R6).
/// </remarks>
/// <example>
/// <code>Remove-VppAssignment -AdamId 361309726 -SerialNumber C02ZX1ABCD12 -Force</code>
/// <para>Reclaims Pages from one device without prompting.</para>
/// </example>
[Cmdlet(VerbsCommon.Remove, "VppAssignment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(VppTargetResult))]
public sealed class RemoveVppAssignmentCommand : VppLicensingCmdlet
{
    private readonly List<(int? TokenId, string[] Assets, string Pricing, List<string> Serials, List<string> Users)> received = new();

    /// <summary>Apple's ids of the apps (adamId).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? AdamId { get; set; }

    /// <summary>The pricing tier of the asset: STDQ (default) or PLUS.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("STDQ", "PLUS")]
    public string PricingParam { get; set; } = "STDQ";

    /// <summary>Devices, by serial number.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? SerialNumber { get; set; }

    /// <summary>Users, by client user id.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? ClientUserId { get; set; }

    /// <summary>Do not prompt for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get => GetSwitch(); set => SetSwitch(value); }

    protected override void Process()
    {
        received.Add((TokenId, AdamId!, PricingParam, new List<string>(SerialNumber ?? new string[0]), new List<string>(ClientUserId ?? new string[0])));
    }

    protected override void End()
    {
        foreach (var group in received.GroupBy(r => (r.TokenId, string.Join(",", r.Assets), r.Pricing)))
        {
            var token = ResolveLicensingToken(group.Key.TokenId);
            var assets = group.First().Assets.Select(a => (a, group.Key.Pricing)).ToList();
            var serials = group.SelectMany(r => r.Serials).ToList();
            var users = group.SelectMany(r => r.Users).ToList();
            var targets = Targets(serials, users, new string[0], null);
            if (targets.Count == 0) continue;
            Change(token, "Remove", $"Reclaim {string.Join(", ", assets.Select(a => a.Item1))} from {targets.Count} target(s)",
                cancellation => Licensing.PlanAssignAsync(token, assets, targets, AssignmentIntent.Uninstall, cancellation),
                () => new DesiredState(Store).Forget(token.TokenId, assets, serials.Select(s => ("Device", s)).Concat(users.Select(u => ("User", u)))),
                IsSwitchOn(nameof(Force)), highImpact: true);
        }
    }
}
