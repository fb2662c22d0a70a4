using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Commands;

/// <summary>Moves user licenses to device licenses, in bulk (the only direction Apple allows).</summary>
/// <remarks>
/// For each user license in scope (an asset, the whole token, or the users given), the user's
/// devices (Set-VppDevice -PrimaryUser) get device licenses first; only when every one of that
/// user's devices has one is the user license released, so no one loses an app when licenses run
/// short. Users with no known device are reported and keep their license. Device licenses never
/// move to user licenses. Both steps are journaled jobs; running the command again finishes an
/// interrupted conversion. From the pipeline it takes users only: a user row (Get-VppUser, a CSV
/// with a ClientUserId column) is that user's licenses, a user's license row that one license.
/// Device rows are refused (DeviceLicenseNotConverted), and a row never widens to its token or
/// asset: the whole token or asset is converted only when typed, with nothing piped.
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
    private readonly List<(int? TokenId, List<string> Users, List<string> Assets)> received = new();

    /// <summary>Only these assets (adamId); every asset of the token when omitted. From a piped row, only that row's asset.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.AdamIdCompleter))]
    public string[]? AdamId { get; set; }

    /// <summary>Only these users; every user license in scope when omitted and nothing is piped.</summary>
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
        var users = Given(ClientUserId);
        if (IsGiven(nameof(ClientUserId)) && users.Count == 0)
        {
            throw new VppException(VppErrorIds.NoTargetGiven, VppErrorCategory.InvalidArgument,
                "-ClientUserId names no user: nothing was converted.", null, "Name the users, or leave -ClientUserId out to convert every user license of the token (or of -AdamId).");
        }

        if (IsGiven(nameof(AdamId)) && Given(AdamId).Count == 0)
        {
            throw new VppException(VppErrorIds.NoTargetGiven, VppErrorCategory.InvalidArgument,
                "-AdamId names no asset: nothing was converted.", null, "Name the assets, or leave -AdamId out.");
        }

        foreach (var pattern in users.Where(TargetNames.HasWildcard)) WriteTargetError(TargetNames.WildcardTarget(pattern));
        received.Add((TokenId, users.Where(u => !TargetNames.HasWildcard(u)).ToList(), Given(AdamId)));
    }

    /// <summary>Only users are converted: a user row (or a user's license row) is that user; device rows and anything wider are refused.</summary>
    protected override VppException? Refusal(PipedObject input)
    {
        if (input.Kind is PipedKind.User || (input.Kind is PipedKind.License && input.Has(nameof(ClientUserId)))) return null;
        if (input.Kind is PipedKind.Device or PipedKind.License)
        {
            return new VppException(VppErrorIds.DeviceLicenseNotConverted, VppErrorCategory.InvalidArgument,
                $"This input is {input.Describe()}: a device's license never moves, and Convert-VppLicense converts users' licenses only. It was skipped.",
                input.Describe(), "Pipe users (Get-VppUser, or rows with a ClientUserId column) whose licenses should move to their devices.");
        }

        return new VppException(VppErrorIds.NoTargetGiven, VppErrorCategory.InvalidArgument,
            $"This input is {input.Describe()}: it names no user (ClientUserId), and a piped row never widens to its token or asset. It was skipped.",
            input.Describe(), "Pipe users or rows with a ClientUserId column; to convert every user of a token or asset, type -TokenName (and -AdamId) without piping.");
    }

    protected override void End()
    {
        if (MyInvocation.ExpectingInput && received.Count == 0)
        {
            WriteNote("No user was piped in: nothing was converted.");
            return;
        }

        foreach (var byToken in received.GroupBy(r => r.TokenId))
        {
            // A row's user with its own asset, or all the user's assets; typed: the users or, with none named, everyone in scope.
            var rows = byToken.ToList();
            Convert(ResolveLicensingToken(byToken.Key), rows.SelectMany(r => r.Users.Count == 0 ? new[] { ((string?)null, r.Assets) } : r.Users.Select(u => ((string?)u, r.Assets))).ToList());
        }
    }

    private void Convert(VppToken token, List<(string? User, List<string> Assets)> scope)
    {
        var queries = new LicenseQueries(Store);
        var held = new List<VppAssignment>();
        foreach (var (user, assets) in scope)
        {
            held.AddRange(queries.Assignments(new[] { token.TokenId }, assets.Count == 0 ? null : assets, null, user is null ? null : new[] { user })
                .Where(a => a.ClientUserId is not null));
        }

        held = held.GroupBy(h => (h.AdamId, h.PricingParam, h.ClientUserId)).Select(g => g.First()).ToList();
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
            if (WhatIfInForce) AnnounceRelease(token, held, devicesOf);
            return;
        }

        // Release a user's license only once all of the user's devices hold the asset.
        var deviceLicenses = new HashSet<(string, string, string)>(queries.Assignments(new[] { token.TokenId }).Where(a => a.SerialNumber is not null)
            .Select(a => (a.AdamId, a.PricingParam, a.SerialNumber!)));
        var release = Releasable(held, devicesOf, deviceLicenses);
        if (release.Count == 0) return;
        Change(token, "Convert", $"Release {release.Sum(r => r.Item2.Count)} user license(s) now held by the users' devices",
            cancellation => Licensing.PlanPairsAsync(token, release, AssignmentIntent.Uninstall, cancellation), null, force: true);
    }

    /// <summary>Under -WhatIf, the second step as it would run if every planned device license were given.</summary>
    private void AnnounceRelease(VppToken token, List<VppAssignment> held, Dictionary<string, List<string>> devicesOf)
    {
        var deviceLicenses = new HashSet<(string, string, string)>(new LicenseQueries(Store).Assignments(new[] { token.TokenId }).Where(a => a.SerialNumber is not null)
            .Select(a => (a.AdamId, a.PricingParam, a.SerialNumber!)));
        foreach (var given in LastPlan?.Targets.Where(t => t.Action == PlannedAction.Associate) ?? Enumerable.Empty<PlannedTarget>())
        {
            deviceLicenses.Add((given.Pool.AdamId, given.Pool.PricingParam, given.Target));
        }

        var release = Releasable(held, devicesOf, deviceLicenses);
        var users = release.SelectMany(r => r.Item2).Select(t => t.Target).Distinct(System.StringComparer.OrdinalIgnoreCase).Count();
        ShouldProcess(token.Name, $"Then release the user licenses of those {users} user(s) whose every device would hold the asset (Disassociate: {release.Sum(r => r.Item2.Count)} license(s))");
    }

    private static List<((string, string), IReadOnlyList<TargetRequest>)> Releasable(List<VppAssignment> held, Dictionary<string, List<string>> devicesOf,
        HashSet<(string, string, string)> deviceLicenses) =>
        held.Where(h => devicesOf.TryGetValue(h.ClientUserId!, out var serials)
                && serials.All(s => deviceLicenses.Contains((h.AdamId, h.PricingParam, s))))
            .GroupBy(h => (h.AdamId, h.PricingParam))
            .Select(g => (g.Key, (IReadOnlyList<TargetRequest>)g.Select(h => new TargetRequest(h.ClientUserId!, LicenseType.User, false)).ToList()))
            .ToList();
}
