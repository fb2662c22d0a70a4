using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Rehearsal;
using VppPowerShell.Simulator;

namespace VppPowerShell.Commands;

/// <summary>Starts a simulator of Apple's service on this machine, to rehearse a runbook without touching real licenses.</summary>
/// <remarks>
/// Runs a faithful simulator of Apple's Apps and Books service on a loopback port inside this
/// PowerShell session, with a seeded location (apps, users, devices and assignments), and writes
/// that location's token file, readable only by you. Add the token with its ServiceUrl and every
/// cmdlet works against the simulator exactly as against Apple. Nothing it does reaches Apple.
///
/// One simulator serves the whole session: each further Start-VppSimulator with another
/// -LocationName adds a location to it, with a token file and an Apple location id of its own, so
/// several locations can be added to one store. -Legacy adds a legacy VPP account instead (its
/// token is added with Add-VppToken -Legacy), and -FromLegacyAccount adds a location into which
/// Apple moved that legacy account's licenses, as Apple's migration does: its token is the one
/// Move-VppToken puts onto the legacy record. Apps are named in the US, FR, GB, DE, ES, IT, NL,
/// CA, AU and JP stores and in the location's own.
///
/// The simulator stops, and its token files are deleted, with Stop-VppSimulator, when the
/// module is removed, or when the session ends.
/// </remarks>
/// <example>
/// <code>Start-VppSimulator -PassThru | Add-VppToken -Name Rehearsal -AppleId admin@contoso.com -CountryCode US -AccountType Business -ConsentToDataSharing -StorePath ./rehearsal.db</code>
/// <para>Starts the simulator and adds its token to a rehearsal store.</para>
/// </example>
/// <example>
/// <code>Start-VppSimulator -LocationName Paris -CountryCode FR -PassThru | Add-VppToken -Name 'Contoso Paris' -AppleId admin@contoso.com -CountryCode FR -AccountType Business -ConsentToDataSharing -StorePath ./rehearsal.db
/// Start-VppSimulator -LocationName Lyon -CountryCode FR -PassThru | Add-VppToken -Name 'Contoso Lyon' -AppleId admin@contoso.com -CountryCode FR -AccountType Business -ConsentToDataSharing -StorePath ./rehearsal.db</code>
/// <para>Two simulated locations in one session, both added to one store.</para>
/// </example>
/// <example>
/// <code>Start-VppSimulator -Legacy -LocationName 'Contoso legacy' -PassThru | Add-VppToken -Legacy -Name 'Contoso legacy' -AppleId buyer@contoso.com -CountryCode US -AccountType Business -ConsentToDataSharing -StorePath ./migration.db
/// Sync-VppToken -Name 'Contoso legacy' -StorePath ./migration.db
/// $paris = Start-VppSimulator -LocationName Paris -FromLegacyAccount 'Contoso legacy' -PassThru
/// Move-VppToken -Name 'Contoso legacy' -Path $paris.TokenFilePath -ServiceUrl $paris.ServiceUrl -StorePath ./migration.db -Confirm:$false -PassThru</code>
/// <para>Rehearses a migration from legacy VPP: a legacy buyer's token is added and synced, Apple moves the buyer to the Paris location, and Move-VppToken puts Paris's token onto the same record.</para>
/// </example>
[Cmdlet(VerbsLifecycle.Start, "VppSimulator", DefaultParameterSetName = LocationSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = ModuleLinks.Docs + "Start-VppSimulator.md")]
[OutputType(typeof(VppSimulatorSession))]
public sealed class StartVppSimulatorCommand : VppCmdlet
{
    private const string LocationSet = "Location";
    private const string LegacySet = "Legacy";
    private const string MoveSet = "FromLegacyAccount";

    /// <summary>The country stores the simulated apps are named in (besides the location's own).</summary>
    internal static readonly string[] NamedStores = { "US", "FR", "GB", "DE", "ES", "IT", "NL", "CA", "AU", "JP" };

    /// <summary>The loopback port of the session's simulator; 0 (the default) picks a free one. Only the first Start-VppSimulator of a session chooses it.</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int Port { get; set; }

    /// <summary>Where to write the simulated location's token file (readable only by you). Defaults to a new file in the temp folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TokenFilePath { get; set; }

    /// <summary>The simulated location's name, unique in the session ("Rehearsal" by default; "Legacy" with -Legacy).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LocationName { get; set; }

    /// <summary>The simulated organization's name (with -FromLegacyAccount, the legacy account's by default).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string OrganizationName { get; set; } = "Contoso Rehearsal";

    /// <summary>The location's country store.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateLength(2, 2)]
    public string CountryCode { get; set; } = "US";

    /// <summary>Simulate a legacy VPP account (Apple's v1 service) instead of a location; add its token with Add-VppToken -Legacy.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LegacySet)]
    public SwitchParameter Legacy { get; set; }

    /// <summary>The name of a legacy account started with -Legacy in this session: the new location receives its licenses, users and assignments, as when Apple moves a legacy buyer to a location. The legacy token stops working.</summary>
    [Parameter(Mandatory = true, ParameterSetName = MoveSet)]
    [ValidateNotNullOrEmpty]
    public string? FromLegacyAccount { get; set; }

    /// <summary>How many apps the location (or legacy account) owns.</summary>
    [Parameter(ParameterSetName = LocationSet)]
    [Parameter(ParameterSetName = LegacySet)]
    [ValidateRange(0, 100000)]
    public int Assets { get; set; } = 25;

    /// <summary>How many licenses are assigned at the start (about that many for a legacy account, which also holds available and refunded ones).</summary>
    [Parameter(ParameterSetName = LocationSet)]
    [Parameter(ParameterSetName = LegacySet)]
    [ValidateRange(0, 10000000)]
    public int Assignments { get; set; } = 500;

    /// <summary>How many users the location has.</summary>
    [Parameter(ParameterSetName = LocationSet)]
    [Parameter(ParameterSetName = LegacySet)]
    [ValidateRange(0, 1000000)]
    public int Users { get; set; } = 100;

    /// <summary>Seed of the random data, for a rehearsal that is the same every time.</summary>
    [Parameter(ParameterSetName = LocationSet)]
    [Parameter(ParameterSetName = LegacySet)]
    public int Seed { get; set; } = 1;

    /// <summary>Write the simulated location's details (ServiceUrl, TokenFilePath) to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        var name = LocationName ?? (Legacy.IsPresent ? "Legacy" : "Rehearsal");
        var running = RunningSimulator.Current;
        SimulatedLegacyAccount? from = null;
        if (running is not null)
        {
            if (Port != 0 && Port != running.Simulator.Port)
            {
                throw new VppException(VppErrorIds.SimulatorAlreadyRunning, VppErrorCategory.ResourceExists,
                    $"The simulator of this session already listens on port {running.Simulator.Port}; a session has one simulator, which serves all its locations.",
                    Port, "Leave -Port out to add a location to it, or stop it first with Stop-VppSimulator.");
            }

            if (running.Find(name) is { } same)
            {
                throw new VppException(VppErrorIds.SimulatorAlreadyRunning, VppErrorCategory.ResourceExists,
                    $"The simulator of this session already has a location named '{same.LocationName}', at {same.ServiceUrl}.", same,
                    "Use it, give -LocationName another name to add a location, or stop it first with Stop-VppSimulator.");
            }
        }

        if (FromLegacyAccount is not null)
        {
            from = running?.FindLegacy(FromLegacyAccount) ?? throw new VppException(VppErrorIds.SimulatorLegacyAccountNotFound, VppErrorCategory.ObjectNotFound,
                $"No legacy account named '{FromLegacyAccount}' runs in this session's simulator.", FromLegacyAccount,
                $"Start it first: Start-VppSimulator -Legacy -LocationName '{FromLegacyAccount}'.");
            if (from.MovedTo is not null)
            {
                throw new VppException(VppErrorIds.SimulatorLegacyAccountMoved, VppErrorCategory.InvalidOperation,
                    $"The legacy account '{FromLegacyAccount}' already moved to location '{from.MovedTo.LocationName}'.", FromLegacyAccount,
                    "Use that location's token, or start another legacy account with Start-VppSimulator -Legacy.");
            }
        }

        var path = ResolvePath(TokenFilePath ?? Path.Combine(Path.GetTempPath(), $"VppSimulator-{Guid.NewGuid():N}.vpptoken"));
        var what = Legacy.IsPresent ? $"legacy VPP account '{name}'" : from is not null ? $"location '{name}' holding the licenses of legacy account '{FromLegacyAccount}'" : $"location '{name}'";
        var where = running is not null ? $"127.0.0.1:{running.Simulator.Port}" : $"127.0.0.1:{(Port == 0 ? "any free port" : Port.ToString(CultureInfo.InvariantCulture))}";
        if (!ShouldChange(where, $"Start a simulator of Apple's service with {what} and write its token to {path}")) return;

        var host = RunningSimulator.GetOrStart(Port);
        try
        {
            var session = Legacy.IsPresent ? StartLegacy(host, name, path) : StartLocation(host, name, path, from);
            WriteNote($"Simulator of Apple's service running at {session.ServiceUrl}: {what}; token file {path}.");
            if (PassThru.IsPresent) WriteOutput(session);
        }
        finally
        {
            RunningSimulator.StopIfEmpty();
        }
    }

    private VppSimulatorSession StartLocation(SessionSimulator host, string name, string path, SimulatedLegacyAccount? from)
    {
        var simulator = host.Simulator;
        var organization = from is not null && !IsGiven(nameof(OrganizationName)) ? from.OrganizationName : OrganizationName;
        var location = simulator.AddLocationWithUId(FreeUId(simulator, 2049000000000000L, organization + "|" + name), name, organization, CountryCode.ToUpperInvariant());
        int assets, assignments, users;
        if (from is not null)
        {
            var move = from.MoveToLocation(location);
            (assets, assignments, users) = (location.Assets.Count, move.AssignmentsMoved, move.UsersMoved);
        }
        else
        {
            if (Assets > 0) location.Seed(Assets, Assignments, Users, Seed);
            (assets, assignments, users) = (Assets, Assets > 0 ? Assignments : 0, Assets > 0 ? Users : 0);
        }

        NameInEveryStore(simulator, location.Assets.Select(a => a.AdamId), location.CountryCode);
        OwnerOnlyTokenFile.Write(path, location.TokenFileContent);
        var session = new VppSimulatorSession(simulator.BaseUri.AbsoluteUri, simulator.Port, path, name, organization, location.CountryCode,
            assets, assignments, users, DateTimeOffset.UtcNow, location.UId, false, simulator.LegacyServiceConfigUri.AbsoluteUri, from is null ? null : FromLegacyAccount);
        host.Add(session, location, null);
        return session;
    }

    private VppSimulatorSession StartLegacy(SessionSimulator host, string name, string path)
    {
        var simulator = host.Simulator;
        var account = simulator.AddLegacyAccountWithUId(FreeUId(simulator, 3049000000000000L, OrganizationName + "|" + name + "|legacy"), OrganizationName,
            countryCode: CountryCode.ToUpperInvariant());
        if (Assets > 0)
        {
            // About 80% of a seeded legacy account's licenses are assigned (the rest available or refunded).
            var licenses = (int)Math.Min(int.MaxValue, (long)Math.Ceiling(Assignments / 0.8));
            account.Seed(Assets, licenses, Users, Seed);
        }

        NameInEveryStore(simulator, account.Assets.Select(a => a.AdamId), account.CountryCode);
        OwnerOnlyTokenFile.Write(path, account.TokenFileContent);
        var session = new VppSimulatorSession(simulator.LegacyServiceConfigUri.AbsoluteUri, simulator.Port, path, name, OrganizationName, account.CountryCode,
            account.Assets.Count, account.AssignedLicenseCount, account.Users.Count, DateTimeOffset.UtcNow, account.UId, true, simulator.LegacyServiceConfigUri.AbsoluteUri);
        host.Add(session, null, account);
        return session;
    }

    /// <summary>Each app keeps its name in every store a rehearsal may add its token with (-CountryCode FR after a US location, ...).</summary>
    private static void NameInEveryStore(AppleSimulator simulator, IEnumerable<string> adamIds, string home)
    {
        foreach (var adamId in adamIds.Distinct(StringComparer.Ordinal))
        {
            var name = simulator.FindAssetName(adamId, home) ?? NamedStores.Select(cc => simulator.FindAssetName(adamId, cc)).FirstOrDefault(n => n is not null);
            if (name is null) continue;
            foreach (var store in NamedStores.Append(home))
            {
                if (simulator.FindAssetName(adamId, store) is null) simulator.SetAssetName(adamId, store, name);
            }
        }
    }

    /// <summary>
    /// An Apple id for the location that depends only on its organization and name, so the same
    /// rehearsal started again is the same location, and two locations are never one.
    /// </summary>
    private static string FreeUId(AppleSimulator simulator, long floor, string key)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in key.ToUpperInvariant())
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }

        var taken = new HashSet<string>(simulator.Locations.Select(l => l.UId).Concat(simulator.LegacyAccounts.Select(a => a.UId)), StringComparer.Ordinal);
        long candidate = floor + (long)(hash % 1000000000000UL);
        while (taken.Contains(candidate.ToString(CultureInfo.InvariantCulture))) candidate++;
        return candidate.ToString(CultureInfo.InvariantCulture);
    }
}
