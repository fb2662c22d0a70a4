using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Sync;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Simulator;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Core.Tests.Sync;

/// <summary>A simulator on loopback, a fresh store, and a token of one simulated location in it.</summary>
public sealed class SyncHarness : IDisposable
{
    public static readonly AppleClientOptions FastRetries = new()
    {
        FirstRetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetries = 12,
        AttemptTimeout = TimeSpan.FromSeconds(20),
    };

    private readonly TempFolder folder = new();
    private readonly Dictionary<string, StoreLocation> stores = new();

    public SyncHarness(SimulatorOptions? options = null, string country = "US", StoreEngine engine = StoreEngine.Sqlite)
    {
        Engine = engine;
        Simulator = AppleSimulator.Start(options);
        Location = Simulator.AddLocation("Paris " + Guid.NewGuid().ToString("N").Substring(0, 6), "Contoso", country);
        Store = OpenStore();
        Token = AddToken(Store, Location, "Paris");
    }

    public AppleSimulator Simulator { get; }

    public StoreEngine Engine { get; }

    public SimulatedLocation Location { get; }

    public VppStore Store { get; private set; }

    public VppToken Token { get; private set; }

    public TempFolder Folder => folder;

    /// <summary>Opens a store of the harness's engine; the same name opens the same store again.</summary>
    public VppStore OpenStore(string fileName = "vpp.db")
    {
        if (!stores.TryGetValue(fileName, out var location)) stores[fileName] = location = TestStores.NewLocation(Engine, folder, fileName);
        return VppStore.Open(location);
    }

    public VppToken AddToken(VppStore store, SimulatedLocation location, string name)
    {
        var path = location.WriteTokenFile(folder.File(Guid.NewGuid().ToString("N") + ".vpptoken"));
        var request = NewTokenRequest.Create(TokenSource.FromFile(path), name, "vpp@contoso.com", location.CountryCode,
            AccountType.Business, true, true, DateTimeOffset.UtcNow, Simulator.BaseUri.AbsoluteUri);
        return new TokenCatalog(store).Add(request);
    }

    public Task<SyncSummary> SyncAsync(bool full = false, VppStore? store = null, VppToken? token = null) =>
        new TokenSync(store ?? Store, FastRetries).SyncAsync(Reload(store ?? Store, token ?? Token), full, null, 1, CancellationToken.None);

    public VppToken Reload(VppStore store, VppToken token) => new TokenCatalog(store).Get(token.TokenId);

    /// <summary>The store's copy equals Apple's state: every asset with its counts, every assignment, every user.</summary>
    public void AssertStoreEqualsSimulator(VppStore? store = null, VppToken? token = null)
    {
        store ??= Store;
        token ??= Token;
        var queries = new LicenseQueries(store);
        var ids = new[] { token.TokenId };

        var expectedAssets = Location.Assets.Select(a => $"{a.AdamId}|{a.PricingParam}|{a.ProductType}|{a.TotalCount}|{a.AssignedCount}|{a.AvailableCount}|{a.RetiredCount}|{a.DeviceAssignable}|{a.Revocable}").OrderBy(x => x, StringComparer.Ordinal);
        var actualAssets = queries.Assets(ids).Select(a => $"{a.AdamId}|{a.PricingParam}|{a.ProductType}|{a.TotalCount}|{a.AssignedCount}|{a.AvailableCount}|{a.RetiredCount}|{a.DeviceAssignable}|{a.Revocable}").OrderBy(x => x, StringComparer.Ordinal);
        Assert.Equal(expectedAssets, actualAssets);

        var expectedAssignments = Location.Assignments.Select(a => $"{a.AdamId}|{a.PricingParam}|{a.ClientUserId}|{a.SerialNumber}").OrderBy(x => x, StringComparer.Ordinal).ToList();
        var actualAssignments = queries.Assignments(ids).Select(a => $"{a.AdamId}|{a.PricingParam}|{a.ClientUserId}|{a.SerialNumber}").OrderBy(x => x, StringComparer.Ordinal).ToList();
        Assert.Equal(expectedAssignments.Count, actualAssignments.Count);
        Assert.Equal(expectedAssignments, actualAssignments);

        var expectedUsers = ExpectedUsers(Location.Users).Select(u => $"{u.ClientUserId}|{u.Email}|{u.Status}|{u.InviteCode}|{u.IdHash}").OrderBy(x => x, StringComparer.Ordinal);
        var actualUsers = queries.Users(ids).Select(u => $"{u.ClientUserId}|{u.Email}|{u.Status}|{u.InviteCode}|{u.IdHash}").OrderBy(x => x, StringComparer.Ordinal);
        Assert.Equal(expectedUsers, actualUsers);
    }

    /// <summary>One record per client user id: the active one, else the latest retired one.</summary>
    public static IEnumerable<SimUser> ExpectedUsers(IEnumerable<SimUser> records) =>
        records.GroupBy(u => u.ClientUserId).Select(g => g.LastOrDefault(u => u.Status is not ("Retired" or "Deleted")) ?? g.Last());

    public void Dispose()
    {
        Store.Dispose();
        Simulator.Dispose();
        folder.Dispose();
    }
}
