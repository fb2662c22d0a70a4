using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Core.ReadModels;

namespace VppPowerShell.Commands;

/// <summary>Revokes licenses: of devices, of users, of an asset, or of a whole token.</summary>
/// <remarks>
/// -SerialNumber or -ClientUserId takes back every revocable license of the token that those
/// devices or users hold; with -AdamId too, only those assets' licenses. Piped rows act on exactly
/// their own targets: a row of Get-VppAssignment or Export-VppAssignment (AdamId with SerialNumber
/// or ClientUserId) is that one license; a row with a serial number or user only (a leavers list)
/// is every license of that device or user. An empty cell is not given. -AdamId with -All takes
/// back every license of those assets, from every holder (piped asset objects give the assets, piped
/// token objects the token; any other piped row under -All is refused: PipedRowCannotWiden); -All alone takes back every revocable
/// license of the token (do this before Remove-VppToken to free everything, or use
/// Remove-VppToken -RevokeLicenses). Books cannot be revoked and stay with their users. On iOS a
/// revoked app stays installed until your MDM removes it; on macOS it stops updating and is
/// removed after 30 days.
/// </remarks>
/// <example>
/// <code>Import-Csv ./retired-devices.csv | Revoke-VppLicense -TokenName 'Contoso Paris' -Force</code>
/// <para>Reclaims every license held by the devices in the file.</para>
/// </example>
/// <example>
/// <code>Get-VppAssignment -SerialNumber C02ZX1ABCD12 | Revoke-VppLicense -Force</code>
/// <para>Reclaims exactly the licenses the device holds, one per row.</para>
/// </example>
/// <example>
/// <code>Revoke-VppLicense -TokenName 'Contoso Paris' -AdamId 361309726 -All</code>
/// <para>Reclaims every license of one app, from every device and user that holds it, after confirmation.</para>
/// </example>
/// <example>
/// <code>Revoke-VppLicense -TokenName 'Old location' -All</code>
/// <para>Reclaims every revocable license of a token, after confirmation.</para>
/// </example>
[Cmdlet(VerbsSecurity.Revoke, "VppLicense", DefaultParameterSetName = TargetsSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = ModuleLinks.Docs + "Revoke-VppLicense.md")]
[OutputType(typeof(VppTargetResult))]
public sealed class RevokeVppLicenseCommand : VppLicensingCmdlet
{
    private const string TargetsSet = "Targets";
    private const string AllSet = "All";
    private readonly List<(int? TokenId, List<string> Serials, List<string> Users, List<string> Assets)> received = new();

    /// <summary>Devices whose licenses to revoke, by serial number.</summary>
    [Parameter(ParameterSetName = TargetsSet, ValueFromPipelineByPropertyName = true)]
    public string[]? SerialNumber { get; set; }

    /// <summary>Users whose licenses to revoke, by client user id.</summary>
    [Parameter(ParameterSetName = TargetsSet, ValueFromPipelineByPropertyName = true)]
    public string[]? ClientUserId { get; set; }

    /// <summary>
    /// Only these assets' licenses (adamId). With -All: every license of these assets, from every
    /// holder. From piped rows it narrows each row to its own asset; it never widens to all holders.
    /// </summary>
    [Parameter(ParameterSetName = TargetsSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = AllSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.AdamIdCompleter))]
    public string[]? AdamId { get; set; }

    /// <summary>Revoke every revocable license of the token, or with -AdamId every license of those assets.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    /// <summary>Do not prompt for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void Process()
    {
        received.Add((TokenId, Given(SerialNumber), Given(ClientUserId), Given(AdamId)));
    }

    /// <summary>
    /// Piped rows are revoked for exactly what they are: a license row that license, a device or user
    /// row every license of that device or user. Under -All only asset and token objects give the scope
    /// (every holder of the asset, the whole token); a row never widens to its asset or token.
    /// </summary>
    protected override VppException? Refusal(PipedObject input)
    {
        var targetsTyped = IsGivenOnCommandLine(nameof(SerialNumber)) || IsGivenOnCommandLine(nameof(ClientUserId));
        if (ParameterSetName == AllSet)
        {
            if (input.Kind is PipedKind.Asset or PipedKind.Token) return null;
            return new VppException(VppErrorIds.PipedRowCannotWiden, VppErrorCategory.InvalidArgument,
                $"-All revokes from every holder, and this input is {input.Describe()}: a piped row never widens to its asset or token, so it was skipped and nothing was revoked for it.",
                input.Describe(), "Leave -All out to revoke exactly the piped rows' licenses; for every holder of an app, pipe Get-VppAsset's output or type -AdamId with -All.");
        }

        if (input.Kind is PipedKind.License or PipedKind.Device or PipedKind.User) return null;
        if (input.Kind is PipedKind.Asset or PipedKind.Token && targetsTyped) return null;
        if (input.Kind is PipedKind.Asset or PipedKind.Token)
        {
            return new VppException(VppErrorIds.AssetRevokeNeedsAll, VppErrorCategory.InvalidArgument,
                $"This input is {input.Describe()}: it names every holder, and Revoke-VppLicense takes that only with -All. It was skipped.",
                input.Describe(), "Add -All to revoke from every holder, or name the devices or users with -SerialNumber or -ClientUserId.");
        }

        return new VppException(VppErrorIds.NoTargetGiven, VppErrorCategory.InvalidArgument,
            $"This input is {input.Describe()}: it names no device (SerialNumber) or user (ClientUserId), so it was skipped.",
            input.Describe(), "Pipe rows with a SerialNumber or ClientUserId column, or name them with -SerialNumber or -ClientUserId.");
    }

    protected override void End()
    {
        if (ParameterSetName == TargetsSet && IsGivenOnCommandLine(nameof(AdamId)) && received.All(r => r.Serials.Count == 0 && r.Users.Count == 0))
        {
            throw new VppException(VppErrorIds.AssetRevokeNeedsAll, VppErrorCategory.InvalidArgument,
                "-AdamId names assets but no device or user: nothing was revoked.",
                string.Join(",", AdamId!), "Add -SerialNumber or -ClientUserId, or add -All to revoke every license of the assets from every holder.");
        }

        if (ParameterSetName == TargetsSet && received.Count > 0 && received.All(r => r.Serials.Count == 0 && r.Users.Count == 0))
        {
            throw new VppException(VppErrorIds.NoTargetGiven, VppErrorCategory.InvalidArgument,
                "Revoke-VppLicense was given no device or user: nothing was revoked.", null,
                "Name them with -SerialNumber or -ClientUserId, pipe rows with a SerialNumber or ClientUserId column, or use -All for the whole token.");
        }

        foreach (var group in received.GroupBy(r => r.TokenId))
        {
            var token = ResolveLicensingToken(group.Key);
            var force = Force.IsPresent;
            if (ParameterSetName == AllSet)
            {
                // Assets typed or piped (Get-VppAsset | Revoke-VppLicense -All): only those; none at all: the whole token.
                var assets = group.SelectMany(r => r.Assets).Distinct().ToList();
                if (assets.Count > 0) RevokeAssets(token, assets, force);
                else RevokeToken(token, force);
                continue;
            }

            foreach (var exact in group.Where(r => r.Assets.Count > 0).GroupBy(r => string.Join(",", r.Assets)))
            {
                RevokePairs(token, exact.First().Assets, exact.SelectMany(r => r.Serials).ToList(), exact.SelectMany(r => r.Users).ToList(), force);
            }

            var whole = group.Where(r => r.Assets.Count == 0).ToList();
            var requests = Targets(whole.SelectMany(r => r.Serials), whole.SelectMany(r => r.Users), new string[0], null);
            if (requests.Count == 0) continue;
            Change(token, "Revoke", $"Revoke every license of {requests.Count} target(s)",
                cancellation => Licensing.PlanRevokeAsync(token, requests, cancellation),
                _ => new DesiredState(Store).ForgetRevoked(token.TokenId, requests.Select(r => (r.IsDeviceTarget ? "Device" : "User", r.Target))), force);
        }
    }

    /// <summary>The named assets' licenses of the named targets, and nothing else.</summary>
    private void RevokePairs(VppToken token, List<string> adamIds, List<string> serials, List<string> users, bool force)
    {
        var targets = Targets(serials, users, new string[0], null);
        if (targets.Count == 0) return;
        // Every pricing the token holds each asset under: the named target's license is revoked whichever it is.
        var held = new LicenseQueries(Store).Assets(new[] { token.TokenId }, adamIds).ToList();
        var pools = adamIds.SelectMany(a => held.Where(h => h.AdamId == a).Select(h => (AdamId: a, h.PricingParam)).DefaultIfEmpty((a, "STDQ"))).Distinct().ToList();
        Change(token, "Revoke", $"Revoke {string.Join(", ", adamIds)} from {targets.Count} target(s)",
            cancellation => Licensing.PlanAssignAsync(token, pools, targets, AssignmentIntent.Uninstall, cancellation),
            _ => new DesiredState(Store).Forget(token.TokenId, pools, serials.Select(s => ("Device", s)).Concat(users.Select(u => ("User", u)))),
            force);
    }

    private void RevokeAssets(VppToken token, List<string> adamIds, bool force)
    {
        foreach (var adamId in adamIds)
        {
            // Holders and pools are read when the plan is made: after the token's interrupted jobs are finished.
            Change(token, "Revoke", $"Revoke every license of {adamId}, from every holder (-AdamId with -All)",
                cancellation =>
                {
                    var pools = new LicenseQueries(Store).Assets(new[] { token.TokenId }, new[] { adamId }).Select(a => (a.AdamId, a.PricingParam)).DefaultIfEmpty((adamId, "STDQ")).ToList();
                    return Licensing.PlanAssignAsync(token, pools, Licensing.Holders(token, adamId), AssignmentIntent.Uninstall, cancellation);
                },
                _ => new DesiredState(Store).ForgetRevoked(token.TokenId, null, new[] { adamId }), force);
        }
    }

    private void RevokeToken(VppToken token, bool force)
    {
        Change(token, "Revoke", $"Revoke every revocable license of token '{token.Name}'",
            cancellation => Licensing.PlanRevokeAsync(token, Licensing.Holders(token), cancellation),
            _ => new DesiredState(Store).ForgetRevoked(token.TokenId, null), force);
    }
}
