using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Core.Tests.Sync;

public sealed class TokenSyncTests
{
    [Theory, SqliteStore, PostgresStore]
    public async Task A_full_sync_copies_assets_assignments_and_users_exactly(StoreEngine engine)
    {
        using var harness = new SyncHarness(new SimulatorOptions { PageSize = 97 }, engine: engine);
        harness.Location.Seed(assets: 30, assignments: 3000, users: 400, seed: 7);

        var summary = await harness.SyncAsync(full: true);

        harness.AssertStoreEqualsSimulator();
        Assert.True(summary.Full);
        Assert.Equal(3000, summary.AssignmentsAdded);
        Assert.Equal(30, summary.AssetsAdded);
        var token = harness.Reload(harness.Store, harness.Token);
        Assert.Equal(SyncState.Completed, token.SyncState);
        Assert.NotNull(token.LastSyncOn);
        Assert.Equal(harness.Location.LocationName, token.LocationName);
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task An_incremental_sync_after_random_changes_equals_a_full_sync(StoreEngine engine)
    {
        using var harness = new SyncHarness(new SimulatorOptions { PageSize = 250 }, engine: engine);
        harness.Location.Seed(assets: 40, assignments: 5000, users: 600, seed: 3);
        await harness.SyncAsync(full: true);

        for (var round = 0; round < 3; round++)
        {
            harness.Location.ApplyRandomChanges(300, seed: 100 + round);
            var incremental = await harness.SyncAsync();
            Assert.False(incremental.Full);
            harness.AssertStoreEqualsSimulator();
        }

        var afterIncremental = Snapshot(harness);
        var full = await harness.SyncAsync(full: true);
        Assert.Equal(afterIncremental, Snapshot(harness));
        Assert.Equal(0, full.AssignmentsAdded + full.AssignmentsRemoved + full.UsersAdded + full.UsersRemoved);
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task Another_store_is_another_system_to_Apple(StoreEngine engine)
    {
        using var harness = new SyncHarness(engine: engine);
        await harness.SyncAsync(full: true);
        using var other = harness.OpenStore("other.db");
        var otherToken = harness.AddToken(other, harness.Location, "Same location");

        var error = await Assert.ThrowsAsync<TokenOwnershipException>(() => harness.SyncAsync(full: true, store: other, token: otherToken));

        Assert.StartsWith("VppPowerShell on ", error.OwnerName);
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task An_incremental_sync_counts_what_Apple_removed_and_added_on_more_assets_than_one_query_names(StoreEngine engine)
    {
        using var harness = new SyncHarness(engine: engine);
        var adamIds = Enumerable.Range(0, 520).Select(i => (1_100_000_000 + i).ToString(CultureInfo.InvariantCulture)).ToList();
        foreach (var adamId in adamIds)
        {
            harness.Location.AddAsset(adamId, 5);
            harness.Location.Assign(adamId, serialNumber: "KEPT" + adamId);
            harness.Location.Assign(adamId, serialNumber: "GONE" + adamId);
        }

        harness.Location.AddUser("leaver");
        harness.Location.Assign(adamIds[0], clientUserId: "leaver");
        await harness.SyncAsync(full: true);

        // Removals never show in Apple's delta: each asset is found by its count and read again.
        foreach (var adamId in adamIds) harness.Location.Unassign(adamId, serialNumber: "GONE" + adamId);
        foreach (var adamId in adamIds.Take(3)) harness.Location.Assign(adamId, serialNumber: "NEW" + adamId);
        harness.Location.RetireUser("leaver");
        var incremental = await harness.SyncAsync();

        Assert.False(incremental.Full);
        Assert.Equal(521, incremental.AssignmentsRemoved);
        Assert.Equal(3, incremental.AssignmentsAdded);
        harness.AssertStoreEqualsSimulator();
    }

    private static string Snapshot(SyncHarness harness)
    {
        var queries = new LicenseQueries(harness.Store);
        var ids = new[] { harness.Token.TokenId };
        return string.Join("\n", queries.Assets(ids).Select(a => $"{a.AdamId}|{a.AssignedCount}|{a.AvailableCount}|{a.Name}")
            .Concat(queries.Assignments(ids).Select(a => $"{a.AdamId}|{a.ClientUserId}|{a.SerialNumber}"))
            .Concat(queries.Users(ids).Select(u => $"{u.ClientUserId}|{u.Status}|{u.Email}|{u.IdHash}")));
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task An_incremental_sync_with_nothing_changed_reads_little_and_changes_nothing(StoreEngine engine)
    {
        using var harness = new SyncHarness(new SimulatorOptions { PageSize = 100 }, engine: engine);
        harness.Location.Seed(assets: 10, assignments: 2000, users: 100, seed: 5);
        var full = await harness.SyncAsync(full: true);

        var again = await harness.SyncAsync();

        Assert.False(again.Full);
        Assert.Equal(0, again.AssignmentsAdded + again.AssignmentsRemoved + again.UsersAdded + again.UsersChanged);
        Assert.True(again.Requests < full.Requests / 3, $"incremental {again.Requests} requests, full {full.Requests}");
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task Under_429s_5xx_and_dropped_connections_a_sync_converges_and_never_exceeds_5_in_flight(StoreEngine engine)
    {
        var options = new SimulatorOptions { PageSize = 50 };
        using var harness = new SyncHarness(options, engine: engine);
        harness.Location.Seed(assets: 20, assignments: 4000, users: 300, seed: 11);
        options.Faults.Seed = 42;
        options.Faults.TooManyRequestsRate = 0.05;
        options.Faults.RetryAfterSeconds = 0;
        options.Faults.ServerErrorRate = 0.05;
        options.Faults.DropConnectionRate = 0.01;
        harness.Simulator.Statistics.Reset();

        await harness.SyncAsync(full: true);

        harness.AssertStoreEqualsSimulator();
        Assert.InRange(harness.Simulator.Statistics.PeakInFlight, 1, AppleClientOptions.MaxInFlightPerToken);
        Assert.True(harness.Simulator.Statistics.TotalRequests > 4000 / 50, "the faults should have cost retries");
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task Pages_are_read_in_parallel_but_at_most_5_at_once(StoreEngine engine)
    {
        var options = new SimulatorOptions { PageSize = 20 };
        options.Faults.Latency = TimeSpan.FromMilliseconds(15);
        using var harness = new SyncHarness(options, engine: engine);
        harness.Location.Seed(assets: 5, assignments: 1000, users: 0, seed: 2);
        harness.Simulator.Statistics.Reset();

        await harness.SyncAsync(full: true);

        Assert.Equal(AppleClientOptions.MaxInFlightPerToken, harness.Simulator.Statistics.PeakInFlight);
        harness.AssertStoreEqualsSimulator();
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task A_token_taken_by_another_system_stops_the_sync_and_keeps_the_last_good_copy_R_T3(StoreEngine engine)
    {
        using var harness = new SyncHarness(engine: engine);
        harness.Location.Seed(assets: 5, assignments: 200, users: 20, seed: 1);
        await harness.SyncAsync(full: true);
        harness.Location.ClaimByOtherMdm("other-id", "Jamf Pro (prod)", "10.50");
        harness.Location.ApplyRandomChanges(50, seed: 9);

        var error = await Assert.ThrowsAsync<TokenOwnershipException>(() => harness.SyncAsync(full: true));

        Assert.Contains("Jamf Pro (prod)", error.Message);
        var token = harness.Reload(harness.Store, harness.Token);
        Assert.Equal(TokenState.AssignedToExternalMdm, token.State);
        Assert.Equal("Jamf Pro (prod)", token.ExternalMdm);
        Assert.Equal(SyncState.Failed, token.SyncState);
        Assert.Equal(200, new LicenseQueries(harness.Store).Assignments(new[] { token.TokenId }).Count());
        var refused = await Assert.ThrowsAsync<VppException>(() => harness.SyncAsync());
        Assert.Equal(VppErrorIds.TokenNotUsable, refused.ErrorId);
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task Ownership_taken_mid_run_fails_the_sync_and_rolls_back(StoreEngine engine)
    {
        var options = new SimulatorOptions { PageSize = 10 };
        using var harness = new SyncHarness(options, engine: engine);
        harness.Location.Seed(assets: 3, assignments: 500, users: 0, seed: 4);
        options.Faults.TakeOwnershipAfterRequests = 20;

        await Assert.ThrowsAsync<TokenOwnershipException>(() => harness.SyncAsync(full: true));

        Assert.Empty(new LicenseQueries(harness.Store).Assignments(new[] { harness.Token.TokenId }));
        Assert.Empty(new LicenseQueries(harness.Store).Assets(new[] { harness.Token.TokenId }));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_token_expiring_mid_run_marks_the_token_expired_whatever_status_Apple_uses(bool http200)
    {
        var options = new SimulatorOptions { PageSize = 10, AuthErrorsAsHttp200 = http200 };
        using var harness = new SyncHarness(options);
        harness.Location.Seed(assets: 3, assignments: 300, users: 0, seed: 4);
        options.Faults.ExpireTokenAfterRequests = 10;

        var error = await Assert.ThrowsAsync<AppleServiceException>(() => harness.SyncAsync(full: true));

        Assert.Equal(9621, error.ErrorNumber);
        Assert.Equal("AppleTokenExpired", error.ErrorId);
        var token = harness.Reload(harness.Store, harness.Token);
        Assert.Equal(TokenState.Expired, token.State);
        Assert.Contains("expired", token.LastSyncError);
    }

    [Theory]
    [InlineData(false, 9622)]
    [InlineData(true, 9622)]
    [InlineData(false, 9601)]
    [InlineData(true, 9601)]
    public async Task A_revoked_or_unknown_token_marks_the_token_invalid(bool http200, int invalidNumber)
    {
        var options = new SimulatorOptions { AuthErrorsAsHttp200 = http200, InvalidTokenErrorNumber = invalidNumber };
        using var harness = new SyncHarness(options);
        harness.Location.RevokeToken();

        var error = await Assert.ThrowsAsync<AppleServiceException>(() => harness.SyncAsync(full: true));

        Assert.Equal(9625, error.ErrorNumber);
        Assert.Equal(TokenState.Invalid, harness.Reload(harness.Store, harness.Token).State);
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task Names_come_from_the_token_country_store_and_survive_a_store_that_lacks_the_app_R_T5(StoreEngine engine)
    {
        using var harness = new SyncHarness(country: "US", engine: engine);
        harness.Location.AddAsset("100", 10, name: "Pages");
        harness.Location.AddAsset("200", 10, name: "Keynote");
        await harness.SyncAsync(full: true);
        Assert.Equal(new[] { "Keynote", "Pages" }, new LicenseQueries(harness.Store).Assets(new[] { harness.Token.TokenId }).Select(a => a.Name).OrderBy(n => n));

        harness.Location.SetAssetName("100", "FR", "Pages (FR)");
        harness.Location.SetAssetName("200", "FR", null);
        new TokenCatalog(harness.Store).Update(harness.Token.TokenId, new TokenChanges { CountryCode = "FR" });
        await harness.SyncAsync();

        var names = new LicenseQueries(harness.Store).Assets(new[] { harness.Token.TokenId }).ToDictionary(a => a.AdamId, a => a.Name);
        Assert.Equal("Pages (FR)", names["100"]);
        Assert.Equal("Keynote", names["200"]);
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task A_sync_claims_an_unclaimed_token_for_this_store(StoreEngine engine)
    {
        using var harness = new SyncHarness(engine: engine);

        await harness.SyncAsync(full: true);

        Assert.NotNull(harness.Location.MdmInfo);
        Assert.StartsWith("VppPowerShell on ", harness.Location.MdmInfo!.Name);
    }
}
