using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Tasks;
using VppPowerShell.Simulator.Model;
using Xunit;

namespace VppPowerShell.Simulator.Tests;

/// <summary>A legacy buyer moving to an Apps and Books location (API §14.3), scripted in the simulator.</summary>
public class LegacyMoveTests
{
    private static async Task<List<JsonElement>> ReadV2Async(LegacyHarness h, SimulatedLocation location, string relative, string arrayName)
    {
        using var v2 = new HttpClient { BaseAddress = h.Simulator.BaseUri };
        v2.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", location.TokenFileContent);
        var all = new List<JsonElement>();
        int page = 0;
        while (true)
        {
            string text = await v2.GetStringAsync(relative + (relative.Contains('?') ? "&" : "?") + "pageIndex=" + page);
            var json = JsonDocument.Parse(text).RootElement.Clone();
            all.AddRange(json.GetProperty(arrayName).EnumerateArray());
            if (!json.TryGetProperty("nextPageIndex", out var next)) return all;
            page = next.GetInt32();
        }
    }

    [Fact]
    public async Task Into_an_unused_location_every_license_and_user_moves_and_the_legacy_token_is_revoked()
    {
        using var h = new LegacyHarness();
        h.Account.Seed(assets: 12, licenses: 1500, users: 300);
        var assets = h.Account.Assets;
        var licenses = h.Account.Licenses;
        var users = h.Account.Users;
        var location = h.Simulator.AddLocation("Lyon");

        var move = h.Account.MoveToLocation(location);

        Assert.True(move.Complete);
        Assert.Equal(assets.Sum(a => a.TotalCount), move.LicensesMoved);
        Assert.Equal(licenses.Count(l => l.Status == "Associated"), move.AssignmentsMoved);
        Assert.Equal(users.Count, move.UsersMoved);
        Assert.Equal(0, move.AssignedLicensesLeft);
        Assert.Same(location, h.Account.MovedTo);

        // Pools: 7/8 → App, 10 → Book; revocable = !isIrrevocable; the same counts.
        var pools = location.Assets.ToDictionary(a => a.AdamId + "|" + a.PricingParam);
        Assert.Equal(assets.Count, pools.Count);
        foreach (var a in assets)
        {
            var p = pools[a.AdamId + "|" + a.PricingParam];
            Assert.Equal(a.ProductTypeId == 10 ? "Book" : "App", p.ProductType);
            Assert.Equal(!a.IsIrrevocable, p.Revocable);
            Assert.Equal(a.DeviceAssignable, p.DeviceAssignable);
            Assert.Equal((a.TotalCount, a.AssignedCount, a.AvailableCount, a.RetiredCount), (p.TotalCount, p.AssignedCount, p.AvailableCount, p.RetiredCount));
        }

        // Assignments in v2 terms, read over v2 with the location's token.
        var expected = licenses.Where(l => l.Status == "Associated").Select(l => $"{l.AdamId}|{l.PricingParam}|{l.ClientUserId}|{l.SerialNumber}").OrderBy(x => x, StringComparer.Ordinal).ToList();
        var actual = (await ReadV2Async(h, location, "assignments", "assignments"))
            .Select(a => $"{a.Str("adamId")}|{a.Str("pricingParam")}|{(a.Has("clientUserId") ? a.Str("clientUserId") : "")}|{(a.Has("serialNumber") ? a.Str("serialNumber") : "")}")
            .OrderBy(x => x, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);

        // Users: same clientUserIds, statuses and Apple Account hashes.
        Assert.Equal(users.Select(u => $"{u.ClientUserId}|{u.Email}|{u.Status}|{u.ItsIdHash}"), location.Users.Select(u => $"{u.ClientUserId}|{u.Email}|{u.Status}|{u.IdHash}"));

        // The legacy side is empty and its token no longer works.
        Assert.Empty(h.Account.Assets);
        Assert.Empty(h.Account.Licenses);
        Assert.Empty(h.Account.Users);
        Assert.True(h.Account.TokenRevoked);
        LegacyHarness.AssertV1Error(await h.CallAsync("getVPPLicensesSrv"), 9625);
        Assert.Throws<InvalidOperationException>(() => h.Account.MoveToLocation(location));
    }

    [Fact]
    public async Task After_a_move_the_legacy_token_can_read_as_token_being_used_in_v2()
    {
        using var h = new LegacyHarness();
        h.Account.AddAsset("100", 3);
        h.Account.Assign("100", serialNumber: "SER1");
        h.Account.ClientContext = "{\"hostname\":\"mdm.contoso.example\",\"guid\":\"g-1\"}";
        var location = h.Simulator.AddLocation("Lyon");

        h.Account.MoveToLocation(location, LegacyTokenAfterMove.UsedInV2);

        var config = await h.CallAsync("VPPClientConfigSrv");
        LegacyHarness.AssertV1Ok(config);
        Assert.Equal("token being used in v2", config.Json.Str("clientContext"));
        var licenses = await h.CallAsync("getVPPLicensesSrv");
        LegacyHarness.AssertV1Ok(licenses);
        Assert.Equal(0, licenses.Json.Int("totalCount"));
        Assert.True(licenses.Json.Has("sinceModifiedToken"));
        Assert.Equal(0, (await h.CallAsync("getVPPAssetsSrv")).Json.Int("totalCount"));
        Assert.True(location.HasAssignment("100", serialNumber: "SER1"));
    }

    [Fact]
    public async Task Into_a_location_in_use_only_available_licenses_move_until_the_rest_are_unassigned()
    {
        using var h = new LegacyHarness();
        var location = h.Simulator.AddLocation("Lyon");
        location.AddAsset("100", 2);
        h.Account.AddAsset("100", 5);
        h.Account.AddAsset("200", 4, productTypeId: 10);
        h.Account.AddUser("stu-1");
        h.Account.Assign("100", serialNumber: "SER1");
        h.Account.Assign("100", serialNumber: "SER2");
        h.Account.Assign("200", clientUserId: "stu-1");

        var first = h.Account.MoveToLocation(location);

        Assert.False(first.Complete);
        Assert.Equal(3 + 3, first.LicensesMoved);
        Assert.Equal(3, first.AssignedLicensesLeft);
        Assert.Equal(5, location.FindAsset("100")!.TotalCount);
        Assert.Equal("Book", location.FindAsset("200")!.ProductType);
        Assert.Equal(3, location.FindAsset("200")!.AvailableCount);
        Assert.Equal(0, location.AssignmentCount);
        // The legacy token keeps managing what stayed.
        Assert.Equal(3, h.Account.LicenseCount);
        var stayed = await h.CallAsync("getVPPLicensesSrv");
        LegacyHarness.AssertV1Ok(stayed);
        Assert.Equal(3, stayed.Json.Int("totalCount"));
        Assert.All(stayed.Json.GetProperty("licenses").EnumerateArray(), l => Assert.Equal("Associated", l.Str("status")));

        // Once unassigned on the legacy token, a license can be transferred.
        h.Account.Unassign("100", serialNumber: "SER1");
        var second = h.Account.MoveToLocation(location);
        Assert.Equal(1, second.LicensesMoved);
        Assert.Equal(6, location.FindAsset("100")!.TotalCount);
        Assert.Equal(2, second.AssignedLicensesLeft);
        Assert.False(h.Account.TokenRevoked);
        Assert.Equal(1, (await h.CallAsync("getVPPAssetsSrv", "\"includeLicenseCounts\":true")).Json.GetProperty("assets")[0].Int("totalCount"));
    }
}
