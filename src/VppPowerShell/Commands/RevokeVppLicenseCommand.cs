using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.ReadModels;

namespace VppPowerShell.Commands;

/// <summary>Revokes licenses: of devices, of users, of an asset, or of a whole token (R-R1).</summary>
/// <remarks>
/// -SerialNumber or -ClientUserId takes back every revocable license of the token that those
/// devices or users hold. -AdamId takes back every license of those assets. -All takes back every
/// revocable license of the token (R-T8: do this before Remove-VppToken to free everything, or use
/// Remove-VppToken -RevokeLicenses). Books cannot be revoked and stay with their users. On iOS a
/// revoked app stays installed until your MDM removes it (R-R2); on macOS it stops updating and is
/// removed after 30 days (R-R3).
/// </remarks>
/// <example>
/// <code>Import-Csv ./retired-devices.csv | Revoke-VppLicense -TokenName 'Contoso Paris' -Force</code>
/// <para>Reclaims every license held by the devices in the file.</para>
/// </example>
/// <example>
/// <code>Revoke-VppLicense -TokenName 'Old location' -All</code>
/// <para>Reclaims every revocable license of a token, after confirmation.</para>
/// </example>
[Cmdlet(VerbsSecurity.Revoke, "VppLicense", DefaultParameterSetName = TargetsSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(VppTargetResult))]
public sealed class RevokeVppLicenseCommand : VppLicensingCmdlet
{
    private const string TargetsSet = "Targets";
    private const string AssetSet = "Asset";
    private const string AllSet = "All";
    private readonly List<(int? TokenId, List<string> Serials, List<string> Users, List<string> Assets)> received = new();

    /// <summary>Devices whose licenses to revoke, by serial number.</summary>
    [Parameter(ParameterSetName = TargetsSet, ValueFromPipelineByPropertyName = true)]
    public string[]? SerialNumber { get; set; }

    /// <summary>Users whose licenses to revoke, by client user id.</summary>
    [Parameter(ParameterSetName = TargetsSet, ValueFromPipelineByPropertyName = true)]
    public string[]? ClientUserId { get; set; }

    /// <summary>Assets all of whose licenses to revoke (adamId).</summary>
    [Parameter(Mandatory = true, ParameterSetName = AssetSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? AdamId { get; set; }

    /// <summary>Revoke every revocable license of the token.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    /// <summary>Do not prompt for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void Process()
    {
        received.Add((TokenId, new List<string>(SerialNumber ?? new string[0]), new List<string>(ClientUserId ?? new string[0]), new List<string>(AdamId ?? new string[0])));
    }

    protected override void End()
    {
        foreach (var group in received.GroupBy(r => r.TokenId))
        {
            var token = ResolveLicensingToken(group.Key);
            var force = Force.IsPresent;
            if (ParameterSetName == AssetSet)
            {
                var assets = group.SelectMany(r => r.Assets).Distinct().ToList();
                foreach (var adamId in assets)
                {
                    var holders = new LicenseQueries(Store).Assignments(new[] { token.TokenId }, new[] { adamId }).ToList();
                    var targets = holders.Select(h => h.SerialNumber is not null
                        ? new TargetRequest(h.SerialNumber, LicenseType.Device, true)
                        : new TargetRequest(h.ClientUserId!, LicenseType.User, false)).ToList();
                    var pools = holders.Select(h => (h.AdamId, h.PricingParam)).Distinct().DefaultIfEmpty((adamId, "STDQ")).ToList();
                    Change(token, "Revoke", $"Revoke all {targets.Count} license(s) of {adamId}",
                        cancellation => Licensing.PlanAssignAsync(token, pools, targets, AssignmentIntent.Uninstall, cancellation), null, force);
                }

                continue;
            }

            List<TargetRequest> requests;
            if (ParameterSetName == AllSet)
            {
                requests = new LicenseQueries(Store).Assignments(new[] { token.TokenId })
                    .Select(h => h.SerialNumber is not null ? new TargetRequest(h.SerialNumber, LicenseType.Device, true) : new TargetRequest(h.ClientUserId!, LicenseType.User, false))
                    .ToList();
            }
            else
            {
                requests = Targets(group.SelectMany(r => r.Serials), group.SelectMany(r => r.Users), new string[0], null);
            }

            if (requests.Count == 0 && ParameterSetName != AllSet) continue;
            Change(token, "Revoke", ParameterSetName == AllSet ? $"Revoke every revocable license of token '{token.Name}'" : $"Revoke the licenses of {requests.Count} target(s)",
                cancellation => Licensing.PlanRevokeAsync(token, requests, cancellation), null, force);
        }
    }
}
