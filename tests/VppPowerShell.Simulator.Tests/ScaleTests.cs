using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Simulator.Model;
using Xunit;
using Xunit.Abstractions;

namespace VppPowerShell.Simulator.Tests;

[CollectionDefinition("Scale", DisableParallelization = true)]
public class ScaleCollection { }

[Collection("Scale")]
public class ScaleTests
{
    private readonly ITestOutputHelper _output;

    public ScaleTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task A_million_assignments_seed_fast_fit_in_memory_and_traverse_and_delta_quickly()
    {
        using var h = new SimHarness();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = GC.GetTotalMemory(true);

        var watch = Stopwatch.StartNew();
        h.Location.Seed(assets: 1000, assignments: 1_000_000, users: 200_000);
        var seedTime = watch.Elapsed;
        long after = GC.GetTotalMemory(true);
        double megabytes = (after - before) / (1024.0 * 1024.0);
        _output.WriteLine($"seed: {seedTime.TotalMilliseconds:F0} ms, {megabytes:F0} MB retained");

        Assert.Equal(1_000_000, h.Location.AssignmentCount);
        Assert.Equal(200_000, h.Location.UserRecordCount);
        Assert.True(seedTime < TimeSpan.FromSeconds(10), $"seed took {seedTime}");
        Assert.True(megabytes < 300, $"{megabytes:F0} MB");
        var assets = h.Location.Assets;
        Assert.Equal(1000, assets.Count);
        Assert.All(assets, a => Assert.Equal(a.TotalCount, a.AssignedCount + a.AvailableCount));
        Assert.Equal(1_000_000, assets.Sum(a => a.AssignedCount));

        // Full traversal: 1,000 pages, 5 requests at once, every page parsed.
        var first = await h.GetAsync("assignments");
        int totalPages = first.Json.Int("totalPages");
        string version0 = first.Json.Str("versionId");
        Assert.Equal(1000, totalPages);
        watch.Restart();
        long rows = 0, userRows = 0;
        int nextPage = -1;
        var workers = Enumerable.Range(0, 5).Select(async _ =>
        {
            int page;
            while ((page = Interlocked.Increment(ref nextPage)) < totalPages)
            {
                using var response = await h.Http.GetAsync("assignments?pageIndex=" + page);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
                Assert.Equal(version0, doc.RootElement.Str("versionId"));
                foreach (var row in doc.RootElement.GetProperty("assignments").EnumerateArray())
                {
                    Interlocked.Increment(ref rows);
                    if (row.Has("clientUserId")) Interlocked.Increment(ref userRows);
                }
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var traversal = watch.Elapsed;
        _output.WriteLine($"full traversal: {traversal.TotalMilliseconds:F0} ms for {totalPages} pages, peak in flight {h.Simulator.Statistics.PeakInFlight}");
        Assert.Equal(1_000_000, rows);
        Assert.Equal(500_000, userRows);
        Assert.True(traversal < TimeSpan.FromSeconds(30), $"traversal took {traversal}");

        // A delta after 1,000 changes walks the change log, not the rows.
        h.Location.ApplyRandomChanges(1000, seed: 5);
        watch.Restart();
        var delta = await h.GetAsync("assignments?sinceVersionId=" + version0);
        var deltaTime = watch.Elapsed;
        delta.AssertOk();
        int changed = delta.Json.Int("size");
        _output.WriteLine($"delta after 1000 changes: {changed} rows in {deltaTime.TotalMilliseconds:F1} ms");
        Assert.InRange(changed, 1, 1000);
        Assert.True(deltaTime < TimeSpan.FromSeconds(1), $"delta took {deltaTime}");
        foreach (var row in delta.Json.GetProperty("assignments").EnumerateArray().Take(50))
        {
            Assert.True(row.Has("clientUserId")
                ? h.Location.HasAssignment(row.Str("adamId"), clientUserId: row.Str("clientUserId"))
                : h.Location.HasAssignment(row.Str("adamId"), serialNumber: row.Str("serialNumber")));
        }
        // Per-asset and per-target listings read an index, not a million rows.
        watch.Restart();
        var oneAsset = await h.GetAsync("assignments?adamId=1000000500");
        var oneUser = await h.GetAsync("assignments?clientUserId=u012345");
        _output.WriteLine($"filtered by asset then by user: {watch.Elapsed.TotalMilliseconds:F1} ms");
        oneAsset.AssertOk();
        Assert.All(oneAsset.Json.GetProperty("assignments").EnumerateArray(), a => Assert.Equal("1000000500", a.Str("adamId")));
        Assert.InRange(oneUser.Json.Int("size"), 1, 10);
        var usersDelta = await h.GetAsync("users?sinceVersionId=" + (await h.GetAsync("users?pageIndex=199")).Json.Str("versionId"));
        usersDelta.AssertOk();
    }

    [Fact]
    public async Task Random_changes_keep_counts_consistent_and_deltas_exact()
    {
        using var h = new SimHarness(new SimulatorOptions { PageSize = 97 });
        h.Location.Seed(assets: 20, assignments: 1500, users: 100, seed: 3);
        string assignments0 = (await h.GetAsync("assignments")).Json.Str("versionId");
        string users0 = (await h.GetAsync("users")).Json.Str("versionId");
        var before = Keys(h.Location.Assignments);
        var usersBefore = h.Location.Users;

        h.Location.ApplyRandomChanges(400, seed: 9);

        var after = Keys(h.Location.Assignments);
        var listed = Keys((await h.ReadAllAsync("assignments", "assignments")).Select(ToAssignment));
        Assert.True(after.SetEquals(listed));
        Assert.Equal(after.Count, listed.Count);

        var delta = Keys((await h.ReadAllAsync("assignments?sinceVersionId=" + assignments0, "assignments")).Select(ToAssignment));
        Assert.True(delta.IsSubsetOf(after));
        Assert.True(after.Except(before).All(delta.Contains));

        foreach (var asset in h.Location.Assets)
        {
            Assert.Equal(asset.TotalCount, asset.AssignedCount + asset.AvailableCount);
            Assert.Equal(h.Location.Assignments.Count(a => a.AdamId == asset.AdamId), asset.AssignedCount);
            Assert.True(asset.AvailableCount >= 0);
        }

        var usersAfter = h.Location.Users;
        var changedUsers = (await h.ReadAllAsync("users?sinceVersionId=" + users0, "users")).Count;
        int expected = usersAfter.Count - usersBefore.Count
            + usersBefore.Select((u, i) => u.Status != usersAfter[i].Status ? 1 : 0).Sum();
        Assert.Equal(expected, changedUsers);
    }

    private static SimAssignment ToAssignment(JsonElement e) =>
        new SimAssignment(e.Str("adamId"), e.Str("pricingParam"),
            e.Has("clientUserId") ? e.Str("clientUserId") : null,
            e.Has("serialNumber") ? e.Str("serialNumber") : null);

    private static HashSet<string> Keys(IEnumerable<SimAssignment> rows) =>
        new HashSet<string>(rows.Select(r => r.AdamId + "|" + r.PricingParam + "|" + r.ClientUserId + "|" + r.SerialNumber));
}

public class StorageTests
{
    [Fact]
    public async Task Listing_stays_exact_through_growth_removals_and_compaction()
    {
        using var h = new SimHarness(new SimulatorOptions { PageSize = 250 });
        h.Location.AddAsset("100", 20_000);
        h.Location.AddAsset("200", 20_000);
        for (int i = 0; i < 6000; i++) h.Location.Assign(i % 2 == 0 ? "100" : "200", serialNumber: "S" + i);
        string version = h.Location.AssignmentsVersionId;
        for (int i = 0; i < 6000; i += 3) h.Location.Unassign(i % 2 == 0 ? "100" : "200", serialNumber: "S" + i);
        for (int i = 6000; i < 6100; i++) h.Location.Assign("100", serialNumber: "S" + i);

        var expected = Enumerable.Range(0, 6100).Where(i => i >= 6000 || i % 3 != 0).Select(i => "S" + i).ToList();
        var listed = (await h.ReadAllAsync("assignments", "assignments")).Select(a => a.Str("serialNumber")).ToList();
        Assert.Equal(expected, listed); // order kept: creation order, removed rows skipped

        var perAsset = (await h.ReadAllAsync("assignments?adamId=200", "assignments")).Select(a => a.Str("serialNumber")).ToList();
        Assert.Equal(expected.Where(s => int.Parse(s.Substring(1)) is var n && n < 6000 && n % 2 == 1), perAsset);

        var delta = (await h.ReadAllAsync("assignments?sinceVersionId=" + version, "assignments")).Select(a => a.Str("serialNumber")).ToList();
        Assert.Equal(Enumerable.Range(6000, 100).Select(i => "S" + i), delta);
        Assert.Equal(expected.Count(s => int.Parse(s.Substring(1)) % 2 == 0 || int.Parse(s.Substring(1)) >= 6000), h.Location.FindAsset("100")!.AssignedCount);
    }

    [Fact]
    public async Task Concurrent_associations_never_oversubscribe()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 50);

        var events = await Task.WhenAll(Enumerable.Range(0, 10).Select(r =>
            h.RunAsync("assets/associate", System.Text.Json.JsonSerializer.Serialize(new
            {
                assets = new[] { new { adamId = "100" } },
                serialNumbers = Enumerable.Range(0, 10).Select(i => $"R{r}-{i}").ToArray(),
            }))));

        Assert.Equal(50, events.Sum(e => e.Int("numCompleted")));
        Assert.Equal(50, events.Sum(e => e.TryGetProperty("failures", out var f) ? f.EnumerateArray().Sum(x => x.GetProperty("errorInfo").Strings("serialNumbers").Count) : 0));
        var asset = h.Location.FindAsset("100")!;
        Assert.Equal(50, asset.AssignedCount);
        Assert.Equal(0, asset.AvailableCount);
    }
}
