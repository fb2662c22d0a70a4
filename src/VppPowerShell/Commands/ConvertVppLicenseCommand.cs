using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.ReadModels;

namespace VppPowerShell.Commands;

/// <summary>Moves user licenses to device licenses, in bulk (the only direction Apple allows).</summary>
/// <remarks>
/// For each user license in scope (an asset, the whole token, or the users given), the user's
/// devices (Set-VppDevice -PrimaryUser) get device licenses first; only when every one of that
/// user's devices has one is the user license released, so no one loses an app when licenses run
/// short. Users with no known device are reported and keep their license. Device licenses never
/// move to user licenses. Both steps are journaled jobs; running the command again finishes an
/// interrupted conversion.
/// </remarks>
/// <example>
/// <code>Convert-VppLicense -TokenName 'Contoso Paris' -AdamId 361309726 -ToDevice -WhatIf</code>
/// <para>Shows how many users' Pages licenses would move to their devices, and sends nothing.</para>
/// </example>
/// <example>
/// <code>Import-Csv ./kiosk-users.csv | Convert-VppLicense -ToDevice -Force</code>
/// <para>Converts the licenses of the users listed in a file.</para>
/// </example>
[Cmdlet(VerbsData.Convert, "VppLicense", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = ModuleLinks.Docs + "Convert-VppLicense.md")]
[OutputType(typeof(VppTargetResult))]
public sealed class ConvertVppLicenseCommand : VppLicensingCmdlet
{
    private readonly List<string> users = new();

    /// <summary>Only these assets (adamId); every asset of the token when omitted.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.AdamIdCompleter))]
    public string[]? AdamId { get; set; }

    /// <summary>Only these users; every user license in scope when omitted.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? ClientUserId { get; set; }

    /// <summary>Convert to device licensing (the one direction allowed).</summary>
    [Parameter(Mandatory = true)]
    public SwitchParameter ToDevice { get; set; }

    /// <summary>Do not prompt for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void Process()
    {
        if (ClientUserId is not null) users.AddRange(ClientUserId);
    }

    protected override void End()
    {
        var token = ResolveLicensingToken(TokenId);
        var queries = new LicenseQueries(Store);
        var held = queries.Assignments(new[] { token.TokenId }, AdamId, null, users.Count == 0 ? null : users)
            .Where(a => a.ClientUserId is not null).ToList();
        var devicesOf = new DeviceRegistry(Store).Find().Where(d => d.PrimaryUser is not null)
            .GroupBy(d => d.PrimaryUser!).ToDictionary(g => g.Key, g => g.Select(d => d.SerialNumber).ToList());

        var work = new List<((string, string), IReadOnlyList<TargetRequest>)>();
        var withoutDevice = new SortedSet<string>(System.StringComparer.OrdinalIgnoreCase);
        foreach (var asset in held.GroupBy(a => (a.AdamId, a.PricingParam)))
        {
            var devices = new List<TargetRequest>();
            foreach (var license in asset)
            {
                if (devicesOf.TryGetValue(license.ClientUserId!, out var serials)) devices.AddRange(serials.Select(s => new TargetRequest(s, LicenseType.Device, true)));
                else withoutDevice.Add(license.ClientUserId!);
            }

            if (devices.Count > 0) work.Add((asset.Key, devices));
        }

        if (withoutDevice.Count > 0)
        {
            // One caution for all of them: a plan with hundreds of such users stays readable.
            WriteCaution($"{withoutDevice.Count} user(s) have no known device, so their user licenses stay: {string.Join(", ", withoutDevice.Take(20))}{(withoutDevice.Count > 20 ? ", ..." : string.Empty)}. " +
                "Record their devices with Set-VppDevice -PrimaryUser (Import-Csv | Set-VppDevice), then run the command again.");
        }

        if (work.Count == 0)
        {
            WriteNote("No user license in scope can move to a device.");
            return;
        }

        var force = Force.IsPresent;
        var usersWithDevices = held.Select(h => h.ClientUserId!).Where(devicesOf.ContainsKey).Distinct(System.StringComparer.OrdinalIgnoreCase).Count();
        var ran = Change(token, "Convert", $"Give the devices of {usersWithDevices} user(s) device licenses",
            cancellation => Licensing.PlanPairsAsync(token, work, AssignmentIntent.Required, cancellation), null, force);
        if (!ran)
        {
            // -WhatIf shows the whole plan: the second step too.
            if (WhatIfInForce) ShouldProcess(token.Name, $"Then release the user licenses of those {usersWithDevices} user(s) whose every device holds the asset");
            return;
        }

        // Release a user's license only once all of the user's devices hold the asset.
        var deviceLicenses = new HashSet<(string, string, string)>(queries.Assignments(new[] { token.TokenId }).Where(a => a.SerialNumber is not null)
            .Select(a => (a.AdamId, a.PricingParam, a.SerialNumber!)));
        var release = held.Where(h => devicesOf.TryGetValue(h.ClientUserId!, out var serials)
                && serials.All(s => deviceLicenses.Contains((h.AdamId, h.PricingParam, s))))
            .GroupBy(h => (h.AdamId, h.PricingParam))
            .Select(g => (g.Key, (IReadOnlyList<TargetRequest>)g.Select(h => new TargetRequest(h.ClientUserId!, LicenseType.User, false)).ToList()))
            .ToList();
        if (release.Count == 0) return;
        Change(token, "Convert", $"Release {release.Sum(r => r.Item2.Count)} user license(s) now held by the users' devices",
            cancellation => Licensing.PlanPairsAsync(token, release, AssignmentIntent.Uninstall, cancellation), null, force: true);
    }
}
