using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using VppPowerShell.Simulator.Model;
using Xunit;
using Xunit.Abstractions;

namespace VppPowerShell.Simulator.Tests;

/// <summary>v1 batching of getVPPLicensesSrv and getVPPUsersSrv (API §7.4, §13.2).</summary>
public class LegacyBatchingTests
{
    private readonly ITestOutputHelper _output;

    public LegacyBatchingTests(ITestOutputHelper output) => _output = output;

    private static LegacyHarness Small(int batchSize = 10)
    {
        var options = new SimulatorOptions();
        options.Legacy.BatchSize = batchSize;
        return new LegacyHarness(options);
    }

    private static string Members(params (string Name, object? Value)[] members) =>
        string.Join(",", members.Where(m => m.Value != null).Select(m => JsonSerializer.Serialize(m.Name) + ":" + JsonSerializer.Serialize(m.Value)));

    private static string LicenseKey(JsonElement l) =>
        $"{l.Str("licenseIdStr")}|{l.Str("adamIdStr")}|{l.Str("pricingParam")}|{l.Int("productTypeId")}|{l.Str("productTypeName")}|{l.GetProperty("isIrrevocable").GetBoolean()}|{l.Str("status")}|" +
        $"{(l.Has("userId") ? l.GetProperty("userId").GetInt64().ToString() : "")}|{(l.Has("clientUserIdStr") ? l.Str("clientUserIdStr") : "")}|{(l.Has("itsIdHash") ? l.Str("itsIdHash") : "")}|{(l.Has("serialNumber") ? l.Str("serialNumber") : "")}";

    private static string LicenseKey(SimLegacyLicense l) =>
        $"{l.LicenseId}|{l.AdamId}|{l.PricingParam}|{l.ProductTypeId}|{l.ProductTypeName}|{l.IsIrrevocable}|{l.Status}|{l.UserId}|{l.ClientUserId}|{l.ItsIdHash}|{l.SerialNumber}";

    [Fact]
    public async Task Licenses_come_in_batches_the_first_with_totalCount_the_last_with_sinceModifiedToken()
    {
        using var h = Small();
        h.Account.Seed(assets: 3, licenses: 25, users: 10);

        var first = await h.CallAsync("getVPPLicensesSrv");
        LegacyHarness.AssertV1Ok(first);
        Assert.Equal(25, first.Json.Int("totalCount"));
        Assert.Equal(JsonValueKind.String, first.Json.GetProperty("totalBatchCount").ValueKind);
        Assert.Equal("3", first.Json.Str("totalBatchCount"));
        Assert.Equal(10, first.Json.Int("batchCount"));
        Assert.Equal(10, first.Json.GetProperty("licenses").GetArrayLength());
        Assert.False(first.Json.Has("sinceModifiedToken"));

        var second = await h.CallAsync("getVPPLicensesSrv", Members(("batchToken", first.Json.Str("batchToken"))));
        LegacyHarness.AssertV1Ok(second);
        Assert.False(second.Json.Has("totalCount")); // only on the first call
        Assert.Equal("3", second.Json.Str("totalBatchCount"));
        Assert.False(second.Json.Has("sinceModifiedToken"));

        var third = await h.CallAsync("getVPPLicensesSrv", Members(("batchToken", second.Json.Str("batchToken"))));
        LegacyHarness.AssertV1Ok(third);
        Assert.Equal(5, third.Json.Int("batchCount"));
        Assert.False(string.IsNullOrEmpty(third.Json.Str("sinceModifiedToken")));
        Assert.True(third.Json.Has("batchToken")); // the end is sinceModifiedToken, not a missing batchToken

        var all = new[] { first, second, third }.SelectMany(r => r.Json.GetProperty("licenses").EnumerateArray()).Select(LicenseKey).ToList();
        Assert.Equal(h.Account.Licenses.Select(LicenseKey), all); // id order, every license once
        Assert.Contains(all, l => l.Contains("|Available|"));
        Assert.Contains(all, l => l.Contains("|Associated|"));

        h.Simulator.Options.Legacy.BatchTokenOnLastBatch = false;
        var again = await h.CallAsync("getVPPLicensesSrv", Members(("batchToken", second.Json.Str("batchToken"))));
        Assert.False(again.Json.Has("batchToken"));
        Assert.True(again.Json.Has("sinceModifiedToken"));
    }

    [Fact]
    public async Task OverrideIndex_fetches_batches_in_parallel_and_a_resent_token_returns_the_same_batch()
    {
        using var h = Small(7);
        h.Account.Seed(assets: 4, licenses: 50, users: 20);

        var first = await h.CallAsync("getVPPLicensesSrv");
        int total = int.Parse(first.Json.Str("totalBatchCount"));
        Assert.Equal(8, total);
        string token = first.Json.Str("batchToken");

        var rest = await Task.WhenAll(Enumerable.Range(2, total - 1).Select(i => h.CallAsync("getVPPLicensesSrv", Members(("batchToken", token), ("overrideIndex", i)))));
        Assert.All(rest, LegacyHarness.AssertV1Ok);
        for (int i = 0; i < rest.Length; i++) Assert.Equal(i == rest.Length - 1, rest[i].Json.Has("sinceModifiedToken"));

        var all = new[] { first }.Concat(rest).SelectMany(r => r.Json.GetProperty("licenses").EnumerateArray()).Select(LicenseKey).ToList();
        Assert.Equal(h.Account.Licenses.Select(LicenseKey), all);

        // A failed batch is retried with the same batchToken: same answer.
        var retry = await h.CallAsync("getVPPLicensesSrv", Members(("batchToken", token), ("overrideIndex", 4)));
        Assert.Equal(rest[2].Json.GetProperty("licenses").GetRawText(), retry.Json.GetProperty("licenses").GetRawText());

        LegacyHarness.AssertV1Error(await h.CallAsync("getVPPLicensesSrv", Members(("batchToken", token), ("overrideIndex", total + 1))), 9602);
        LegacyHarness.AssertV1Error(await h.CallAsync("getVPPLicensesSrv", Members(("batchToken", token), ("overrideIndex", 0))), 9602);
        LegacyHarness.AssertV1Error(await h.CallAsync("getVPPLicensesSrv", Members(("batchToken", "bm90IGEgYmF0Y2ggdG9rZW4="))), 9633);
        LegacyHarness.AssertV1Error(await h.CallAsync("getVPPLicensesSrv", Members(("batchToken", token.Substring(0, token.Length - 8) + "AAAAAAA="))), 9633);
        LegacyHarness.AssertV1Error(await h.CallAsync("getVPPUsersSrv", Members(("batchToken", token))), 9633);

        var other = h.Simulator.AddLegacyAccount("Fabrikam");
        LegacyHarness.AssertV1Error(await h.CallAsync("getVPPLicensesSrv", Members(("batchToken", token)), other.TokenFileContent), 9629);
    }

    [Fact]
    public async Task Filters_select_assigned_user_device_asset_and_serial_licenses()
    {
        using var h = Small(1000);
        h.Account.Seed(assets: 10, licenses: 400, users: 60);
        var truth = h.Account.Licenses;
        var someSerial = truth.First(l => l.SerialNumber != null);
        var someAsset = truth.First(l => l.Status == "Associated");

        async Task<List<string>> Read(string members) => (await h.ReadBatchesAsync("getVPPLicensesSrv", "licenses", members)).Records.Select(LicenseKey).ToList();

        Assert.Equal(truth.Where(l => l.Status == "Associated").Select(LicenseKey), await Read("\"assignedOnly\":true"));
        Assert.Equal(truth.Where(l => l.UserId != null).Select(LicenseKey), await Read("\"userAssignedOnly\":true"));
        Assert.Equal(truth.Where(l => l.SerialNumber != null).Select(LicenseKey), await Read("\"deviceAssignedOnly\":true"));
        Assert.Equal(truth.Where(l => l.AdamId == someAsset.AdamId).Select(LicenseKey), await Read(Members(("adamId", someAsset.AdamId))));
        Assert.Equal(truth.Where(l => l.SerialNumber == someSerial.SerialNumber).Select(LicenseKey), await Read(Members(("serialNumber", someSerial.SerialNumber))));
        Assert.Empty(await Read(Members(("adamId", someAsset.AdamId), ("pricingParam", "NOPE"))));
        Assert.Empty(await Read(Members(("serialNumber", "UNKNOWN"))));
        Assert.Contains(truth, l => l.Status == "Refunded");
        Assert.Contains(truth, l => l.ProductTypeId == 10 && l.ClientUserId != null);
    }

    [Fact]
    public async Task A_traversal_keeps_its_batches_when_data_changes_underneath()
    {
        using var h = Small(10);
        h.Account.AddAsset("100", 30);
        h.Account.AddUser("u1");
        for (int i = 0; i < 20; i++) h.Account.Assign("100", serialNumber: "S" + i.ToString("D2"));

        var first = await h.CallAsync("getVPPLicensesSrv", "\"assignedOnly\":true");
        Assert.Equal("2", first.Json.Str("totalBatchCount"));
        // Mid-traversal: a user gets a license (a seat of the second batch's range), and a device
        // of the first batch, already read, loses its license.
        h.Account.Assign("100", clientUserId: "u1");
        h.Account.Unassign("100", serialNumber: "S03");
        var second = await h.CallAsync("getVPPLicensesSrv", Members(("batchToken", first.Json.Str("batchToken"))));

        var ids = first.Json.GetProperty("licenses").EnumerateArray().Concat(second.Json.GetProperty("licenses").EnumerateArray()).Select(l => l.Str("licenseIdStr")).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count()); // nothing twice, nothing skipped between batches
        Assert.Equal(21, ids.Count);
        Assert.Equal(11, second.Json.Int("batchCount"));

        // The next delta starts where the traversal started, so it sees both changes.
        var delta = await h.ReadBatchesAsync("getVPPLicensesSrv", "licenses", Members(("sinceModifiedToken", second.Json.Str("sinceModifiedToken"))));
        var changed = delta.Records.Select(l => (l.Str("licenseIdStr"), l.Str("status"), l.Has("clientUserIdStr"))).OrderBy(x => x.Item1).ToList();
        Assert.Equal(2, changed.Count);
        Assert.Contains(changed, c => c.Item2 == "Available");
        Assert.Contains(changed, c => c.Item2 == "Associated" && c.Item3);
    }

    [Fact]
    public async Task SinceModifiedToken_returns_only_what_changed_and_an_empty_batch_when_nothing_did()
    {
        using var h = Small(5);
        h.Account.Seed(assets: 2, licenses: 30, users: 10);
        var full = await h.ReadBatchesAsync("getVPPLicensesSrv", "licenses");
        Assert.Equal(6, full.Requests);

        var nothing = await h.CallAsync("getVPPLicensesSrv", Members(("sinceModifiedToken", full.SinceModifiedToken)));
        LegacyHarness.AssertV1Ok(nothing);
        Assert.Equal(0, nothing.Json.Int("batchCount"));
        Assert.Equal("1", nothing.Json.Str("totalBatchCount"));
        Assert.Equal(0, nothing.Json.Int("totalCount"));
        Assert.True(nothing.Json.Has("sinceModifiedToken"));

        var available = h.Account.Licenses.First(l => l.Status == "Available");
        var device = h.Account.Licenses.First(l => l.SerialNumber != null);
        h.Account.Assign(available.AdamId, serialNumber: "NEW-SERIAL");
        h.Account.Unassign(device.AdamId, serialNumber: device.SerialNumber);

        var delta = await h.ReadBatchesAsync("getVPPLicensesSrv", "licenses", Members(("sinceModifiedToken", full.SinceModifiedToken)));
        var truth = h.Account.Licenses.ToDictionary(l => l.LicenseId.ToString());
        Assert.Equal(2, delta.Records.Count);
        Assert.All(delta.Records, l => Assert.Equal(LicenseKey(truth[l.Str("licenseIdStr")]), LicenseKey(l)));

        LegacyHarness.AssertV1Error(await h.CallAsync("getVPPLicensesSrv", Members(("sinceModifiedToken", "garbage"))), 9602);
        LegacyHarness.AssertV1Error(await h.CallAsync("getVPPUsersSrv", Members(("sinceModifiedToken", full.SinceModifiedToken))), 9602);
    }

    [Fact]
    public async Task Users_come_in_batches_without_retired_ones_unless_asked()
    {
        using var h = Small(25);
        h.Account.Seed(assets: 1, licenses: 10, users: 100);
        var truth = h.Account.Users;

        var active = await h.ReadBatchesAsync("getVPPUsersSrv", "users");
        var all = await h.ReadBatchesAsync("getVPPUsersSrv", "users", "\"includeRetired\":1");
        var retired = await h.ReadBatchesAsync("getVPPUsersSrv", "users", "\"includeRetiredOnly\":true");

        string Key(JsonElement u) => $"{u.GetProperty("userId").GetInt64()}|{u.Str("clientUserIdStr")}|{u.Str("email")}|{u.Str("status")}|{(u.Has("itsIdHash") ? u.Str("itsIdHash") : "")}|{(u.Has("inviteCode") ? u.Str("inviteCode") : "")}";
        string TruthKey(SimLegacyUser u) => $"{u.UserId}|{u.ClientUserId}|{u.Email}|{u.Status}|{u.ItsIdHash}|{u.InviteCode}";
        Assert.Equal(truth.Select(TruthKey), all.Records.Select(Key));
        Assert.Equal(4, all.Requests);
        Assert.Equal(truth.Where(u => u.Status != "Retired").Select(TruthKey), active.Records.Select(Key));
        Assert.Equal(truth.Where(u => u.Status == "Retired").Select(TruthKey), retired.Records.Select(Key));
        Assert.Contains(truth, u => u.Status == "Registered" && u.InviteCode != null);
        Assert.Contains(truth, u => u.Status == "Associated" && u.ItsIdHash != null);

        // The batch token keeps includeRetired: a later body cannot change it.
        var first = await h.CallAsync("getVPPUsersSrv", "\"includeRetired\":true");
        Assert.Equal(100, first.Json.Int("totalCount"));
        var second = await h.CallAsync("getVPPUsersSrv", Members(("batchToken", first.Json.Str("batchToken")), ("includeRetired", false)));
        Assert.Equal(truth.Skip(25).Take(25).Select(TruthKey), second.Json.GetProperty("users").EnumerateArray().Select(Key));

        // Accepting the invitation (the inviteUrl) makes the user Associated; a users delta shows it.
        var registered = all.Records.First(u => u.Str("status") == "Registered");
        using (var browser = new System.Net.Http.HttpClient())
            (await browser.GetAsync(registered.Str("inviteUrl"))).EnsureSuccessStatusCode();
        var delta = await h.ReadBatchesAsync("getVPPUsersSrv", "users", Members(("sinceModifiedToken", all.SinceModifiedToken)));
        var changed = Assert.Single(delta.Records);
        Assert.Equal(registered.Str("clientUserIdStr"), changed.Str("clientUserIdStr"));
        Assert.Equal("Associated", changed.Str("status"));
        Assert.True(changed.Has("itsIdHash"));
    }

    [Fact]
    public async Task Seeding_twenty_thousand_licenses_is_fast_consistent_and_reads_in_the_minimum_batches()
    {
        using var h = new LegacyHarness();
        var watch = Stopwatch.StartNew();
        h.Account.Seed(assets: 120, licenses: 20_000, users: 4_000, seed: 7);
        var seedTime = watch.Elapsed;
        _output.WriteLine($"seed: {seedTime.TotalMilliseconds:F0} ms");
        Assert.True(seedTime < TimeSpan.FromSeconds(3), $"seed took {seedTime}");

        var assets = h.Account.Assets;
        var licenses = h.Account.Licenses;
        var users = h.Account.Users;
        Assert.Equal(20_000, licenses.Count);
        Assert.Equal(4_000, users.Count);
        Assert.All(assets, a => Assert.Equal(a.TotalCount, a.AssignedCount + a.AvailableCount));
        Assert.Equal(licenses.Count(l => l.Status == "Associated"), assets.Sum(a => a.AssignedCount));
        Assert.Equal(licenses.Count(l => l.Status != "Refunded"), assets.Sum(a => a.TotalCount));
        Assert.InRange(licenses.Count(l => l.Status == "Associated") / 20_000.0, 0.6, 0.85);
        Assert.All(licenses.Where(l => l.ProductTypeId == 10 && l.Status == "Associated"), l => Assert.NotNull(l.ClientUserId));
        var status = users.ToDictionary(u => u.UserId, u => u.Status);
        Assert.All(licenses.Where(l => l.UserId != null && status[l.UserId.Value] == "Retired"), l => Assert.True(l.IsIrrevocable));
        Assert.Equal(licenses.Count(l => l.UserId != null && status[l.UserId.Value] == "Retired"), assets.Sum(a => a.RetiredCount));
        Assert.Equal(licenses.Count, licenses.Select(l => l.LicenseId).Distinct().Count());
        Assert.Equal(licenses.Count(l => l.Status == "Associated"),
            licenses.Where(l => l.Status == "Associated").Select(l => l.AdamId + "|" + l.PricingParam + "|" + l.UserId + "|" + l.SerialNumber).Distinct().Count());

        watch.Restart();
        var read = await h.ReadBatchesAsync("getVPPLicensesSrv", "licenses");
        _output.WriteLine($"sequential read of 20,000 licenses: {watch.ElapsedMilliseconds} ms, {read.Requests} requests");
        Assert.Equal(20, read.Requests);
        Assert.Equal(licenses.Select(LicenseKey), read.Records.Select(LicenseKey));
    }
}
