using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.Data.Sqlite;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Simulator;
using VppPowerShell.Simulator.Model;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>
/// The world of <see cref="WorldLayout"/>, built once through the module's own cmdlets (tokens
/// added and synced, groups with an assignment, devices with their users, one interrupted job per
/// store), then handed out as fresh <see cref="World"/>s: each gets copies of the stores as built,
/// and the simulated locations are put back to their licenses and users as built.
/// </summary>
public sealed class WorldTemplate : IDisposable
{
    /// <summary>An owner on another host whose lease ran out long ago: its job reads as Interrupted.</summary>
    private const string GoneOwner = "blast-radius-host-gone:1";

    private readonly string root;
    private readonly IReadOnlyDictionary<StoreName, string> storeFiles;
    private readonly IReadOnlyDictionary<string, SimulatedLocation> locations;
    private readonly IReadOnlyDictionary<string, (HashSet<SimAssignment> Licenses, HashSet<string> Users)> built;
    private readonly IReadOnlyDictionary<StoreName, string> interruptedJobs;
    private int worlds;

    private WorldTemplate(string root, IReadOnlyDictionary<StoreName, string> storeFiles, IReadOnlyDictionary<string, SimulatedLocation> locations,
        IReadOnlyDictionary<StoreName, string> interruptedJobs)
    {
        this.root = root;
        this.storeFiles = storeFiles;
        this.locations = locations;
        this.interruptedJobs = interruptedJobs;
        built = locations.ToDictionary(l => l.Key, l => (new HashSet<SimAssignment>(l.Value.Assignments), ActiveUsers(l.Value)));
    }

    /// <summary>Builds the world on <paramref name="simulator"/>, in new locations of its own.</summary>
    public static WorldTemplate Build(AppleSimulator simulator)
    {
        var root = Path.Combine(Path.GetTempPath(), "vpp-blast-radius", Guid.NewGuid().ToString("N"));
        var buildFolder = Path.Combine(root, "build");
        Directory.CreateDirectory(buildFolder);
        var buildStores = new Dictionary<StoreName, string>
        {
            [StoreName.A] = Path.Combine(buildFolder, "A.db"),
            [StoreName.B] = Path.Combine(buildFolder, "B.db"),
        };
        var locations = WorldLayout.Locations.ToDictionary(l => l.TokenName, l => AddLocation(simulator, l));

        using (var session = new ScriptSession(new Dictionary<string, object?>
               {
                   ["A"] = buildStores[StoreName.A],
                   ["B"] = buildStores[StoreName.B],
                   ["ServiceUrl"] = simulator.BaseUri.AbsoluteUri,
               }))
        {
            foreach (var layout in WorldLayout.Locations)
            {
                var tokenFile = locations[layout.TokenName].WriteTokenFile(Path.Combine(buildFolder, layout.TokenName + ".vpptoken"));
                session.RunOrThrow($"Add-VppToken -Path {Quote(tokenFile)} -Name {Quote(layout.TokenName)} -AppleId vpp-admin@contoso.com " +
                    $"-CountryCode {layout.CountryCode} -AccountType Business -AutomaticAppUpdates -ConsentToDataSharing -ServiceUrl $ServiceUrl -StorePath ${layout.Store}");
            }

            session.RunOrThrow("Sync-VppToken -StorePath $A; Sync-VppToken -StorePath $B");
            foreach (var group in new[] { WorldLayout.DeviceGroupLayout, WorldLayout.UserGroupLayout })
            {
                session.RunOrThrow($"New-VppGroup -Name {Quote(group.Name)} -MemberType {group.MemberType} -Member {string.Join(", ", group.Members.Select(Quote))} -StorePath $A");
                session.RunOrThrow($"Set-VppAssignment -GroupName {Quote(group.Name)} -AdamId {group.AdamId} -TokenName {Quote(group.TokenName)} -StorePath $A -Confirm:$false");
            }

            foreach (var (store, serial, user) in WorldLayout.Devices)
            {
                session.RunOrThrow($"Set-VppDevice -SerialNumber {serial} -PrimaryUser {Quote(user)} -Platform iOS -StorePath ${store}");
            }
        }

        var interrupted = WorldLayout.InterruptedJobs.ToDictionary(j => WorldLayout.Location(j.TokenName).Store,
            j => JournalInterruptedJob(buildStores[WorldLayout.Location(j.TokenName).Store], j.TokenName, j.AdamId, j.SerialNumbers));
        CheckTokenIds(buildStores);

        var templateFolder = Path.Combine(root, "template");
        Directory.CreateDirectory(templateFolder);
        var storeFiles = buildStores.ToDictionary(s => s.Key, s => Path.Combine(templateFolder, s.Key + ".db"));
        foreach (var (store, path) in buildStores) WorldFiles.BackUpStore(path, storeFiles[store]);
        return new WorldTemplate(root, storeFiles, locations, interrupted);
    }

    /// <summary>A world in the template's state, in a new folder; dispose it to delete its files.</summary>
    public World NewWorld()
    {
        var folder = Path.Combine(root, "world-" + Interlocked.Increment(ref worlds));
        Directory.CreateDirectory(folder);
        var stores = storeFiles.ToDictionary(s => s.Key, s => Path.Combine(folder, s.Key + ".db"));
        foreach (var (store, path) in storeFiles) WorldFiles.CopyStore(path, stores[store]);
        foreach (var (name, location) in locations) PutBack(name, location);
        return new World(folder, stores, locations, interruptedJobs);
    }

    public void Dispose() => WorldFiles.DeleteFolder(root);

    private static SimulatedLocation AddLocation(AppleSimulator simulator, LocationLayout layout)
    {
        var location = simulator.AddLocation($"Blast radius {layout.TokenName} {Guid.NewGuid().ToString("N").Substring(0, 8)}", "Contoso", layout.CountryCode);
        location.AddAsset(WorldLayout.Pages, 40, name: "Pages");
        location.AddAsset(WorldLayout.Numbers, 40, name: "Numbers");
        location.AddAsset(WorldLayout.Keynote, 40, supportedPlatforms: new[] { "iOS", "macOS" }, name: "Keynote");
        location.AddAsset(WorldLayout.FieldGuide, 20, productType: "Book", deviceAssignable: false, revocable: false, name: "Field Guide");
        foreach (var user in layout.Users) location.AddUser(user, user);
        foreach (var license in layout.Licenses) location.Assign(license.AdamId, license.ClientUserId, license.SerialNumber);
        return location;
    }

    /// <summary>Plans and journals an assignment without running it, then hands the job to a process that is gone.</summary>
    private static string JournalInterruptedJob(string storePath, string tokenName, string adamId, IReadOnlyList<string> serials)
    {
        string jobId;
        using (var store = VppStore.Open(StoreLocation.Resolve(storePath, null)))
        {
            var token = new TokenCatalog(store).Get(tokenName);
            var licensing = new LicensingService(store);
            var targets = serials.Select(s => new TargetRequest(s, LicenseType.Device, true)).ToList();
            var plan = licensing.PlanAssignAsync(token, new[] { (adamId, "STDQ") }, targets, AssignmentIntent.Required, CancellationToken.None).GetAwaiter().GetResult();
            jobId = licensing.Journal("Assign", token, $"Assign {adamId} to {serials.Count} device(s), interrupted", plan);
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = storePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE jobs SET owner = $owner, heartbeat_on = '2000-01-01T00:00:00.0000000Z' WHERE job_id = $job;";
        command.Parameters.AddWithValue("$owner", GoneOwner);
        command.Parameters.AddWithValue("$job", jobId);
        command.ExecuteNonQuery();
        return jobId;
    }

    private static void CheckTokenIds(IReadOnlyDictionary<StoreName, string> stores)
    {
        foreach (var layout in WorldLayout.Locations)
        {
            var token = StoreState.Read(stores[layout.Store]).Token(layout.TokenName);
            if (token?.TokenId != layout.TokenId)
            {
                throw new InvalidOperationException($"Token {layout.TokenName} has id {token?.TokenId} in store {layout.Store}; the world expects {layout.TokenId}.");
            }
        }
    }

    /// <summary>Puts a location's licenses and users back as built: users a pipeline had Apple create are retired.</summary>
    private void PutBack(string name, SimulatedLocation location)
    {
        var (licenses, users) = built[name];
        foreach (var extra in ActiveUsers(location).Where(u => !users.Contains(u))) location.RetireUser(extra);
        var now = new HashSet<SimAssignment>(location.Assignments);
        foreach (var extra in now.Where(a => !licenses.Contains(a))) location.Unassign(extra.AdamId, extra.ClientUserId, extra.SerialNumber, extra.PricingParam);
        foreach (var missing in licenses.Where(a => !now.Contains(a))) location.Assign(missing.AdamId, missing.ClientUserId, missing.SerialNumber, missing.PricingParam);
        if (!licenses.SetEquals(location.Assignments) || !users.SetEquals(ActiveUsers(location)))
        {
            throw new InvalidOperationException($"The location of {name} could not be put back as it was built.");
        }
    }

    private static HashSet<string> ActiveUsers(SimulatedLocation location) =>
        new(location.Users.Where(u => u.Status is "Registered" or "Associated").Select(u => u.ClientUserId), StringComparer.Ordinal);

    private static string Quote(string text) => "'" + text.Replace("'", "''") + "'";
}
