using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Apple.Legacy;
using VppPowerShell.Core.Imports;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Migration;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Sync;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Simulator;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace VppPowerShell.Core.Tests.Migration;

/// <summary>Re-creating a legacy VPP account's assignments on an Apps and Books location.</summary>
public sealed class LegacyToLocationTests : IDisposable
{
    private static readonly AppleClientOptions Fast = new()
    {
        FirstRetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        EventPollDelay = TimeSpan.FromMilliseconds(5),
        EventPollMaxDelay = TimeSpan.FromMilliseconds(20),
    };

    private readonly ITestOutputHelper output;
    private readonly TempFolder folder = new();
    private readonly AppleSimulator simulator;
    private readonly SimulatedLegacyAccount legacy;
    private readonly SimulatedLocation location;
    private readonly VppStore store;
    private readonly VppToken token;

    public LegacyToLocationTests(ITestOutputHelper output)
    {
        this.output = output;
        var options = new SimulatorOptions();
        options.EventPollsBeforeCompletion = 1;
        simulator = AppleSimulator.Start(options);
        legacy = simulator.AddLegacyAccount("Contoso");
        legacy.Seed(assets: 20, licenses: 13_500, users: 3_000, seed: 1);
        location = simulator.AddLocation("Contoso Paris", "Contoso", "US");
        foreach (var asset in legacy.Assets)
        {
            location.AddAsset(asset.AdamId, asset.TotalCount + 10, asset.ProductTypeId == 10 ? "Book" : "App", asset.PricingParam,
                asset.DeviceAssignable, !asset.IsIrrevocable);
        }

        store = VppStore.Open(StoreLocation.Resolve(folder.StorePath, null));
        var path = location.WriteTokenFile(folder.File("location.vpptoken"));
        var added = new TokenCatalog(store).Add(NewTokenRequest.Create(TokenSource.FromFile(path), "Contoso Paris", "vpp@contoso.com", "US",
            AccountType.Business, true, true, DateTimeOffset.UtcNow, simulator.BaseUri.AbsoluteUri));
        new TokenSync(store, Fast).SyncAsync(added, true, null, 1, CancellationToken.None).GetAwaiter().GetResult();
        token = new TokenCatalog(store).Get(added.TokenId);
    }

    public void Dispose()
    {
        store.Dispose();
        simulator.Dispose();
        folder.Dispose();
    }

    private string[] LegacyAssignments() => legacy.Licenses.Where(l => l.Status == "Associated")
        .Select(l => $"{l.AdamId}|{l.PricingParam}|{l.ClientUserId}|{l.SerialNumber}").OrderBy(x => x, StringComparer.Ordinal).ToArray();

    private string[] LocationAssignments() => location.Assignments
        .Select(a => $"{a.AdamId}|{a.PricingParam}|{a.ClientUserId}|{a.SerialNumber}").OrderBy(x => x, StringComparer.Ordinal).ToArray();

    private async Task<(AssignmentImport Import, LicensePlan Plan)> PlanAsync(LicensingService service)
    {
        var reader = await LegacyAccountReader.ConnectAsync(simulator.LegacyServiceConfigUri, legacy.TokenFileContent, Fast);
        var rows = await Core.Migration.LegacyAssignments.ReadAsync(reader, CancellationToken.None);
        var assets = new LicenseQueries(store).Assets(new[] { token.TokenId }).ToDictionary(a => (a.AdamId, a.PricingParam), a => (a.ProductType, a.DeviceAssignable));
        var import = AssignmentImport.Check(rows, (adamId, pricing) => assets.TryGetValue((adamId, pricing), out var found) ? found : null);
        return (import, await service.PlanPairsAsync(token, import.Work, AssignmentIntent.Required, CancellationToken.None));
    }

    [Fact]
    public async Task Ten_thousand_assignments_move_with_nothing_lost_in_the_fewest_requests()
    {
        var expected = LegacyAssignments();
        Assert.InRange(expected.Length, 10_000, 11_000);
        var service = new LicensingService(store, Fast);
        simulator.Statistics.Reset();
        var watch = Stopwatch.StartNew();

        var (import, plan) = await PlanAsync(service);
        var job = await service.RunAsync(service.Journal("Migrate", token, "legacy to location", plan), false, null, 1, CancellationToken.None);

        output.WriteLine($"{expected.Length} assignments migrated in {watch.Elapsed.TotalSeconds:0.00} s, {simulator.Statistics.TotalRequests} requests");
        Assert.Empty(import.Errors);
        Assert.Equal(VppJobState.Completed, job.State);
        Assert.Equal(expected, LocationAssignments());
        var minimum = import.Work.Sum(w =>
        {
            var devices = w.Targets.Count(t => t.LicenseType == LicenseType.Device);
            var users = w.Targets.Count(t => t.LicenseType == LicenseType.User);
            return (devices + 999) / 1000 + (users + 999) / 1000;
        });
        Assert.Equal(minimum, simulator.Statistics.Requests("POST assets/associate"));
        var users = import.Pairs.Where(p => p.Target.LicenseType == LicenseType.User).Select(p => p.Target.Target).Distinct().Count();
        Assert.Equal((users + 99) / 100, simulator.Statistics.Requests("POST users/create"));
    }

    [Fact]
    public async Task A_migration_stopped_midway_resumes_to_the_same_state()
    {
        var expected = LegacyAssignments();
        var service = new LicensingService(store, Fast);
        var (_, plan) = await PlanAsync(service);
        var jobId = service.Journal("Migrate", token, "legacy to location", plan);
        using var stop = new CancellationTokenSource();
        var progress = new CallbackProgress(report =>
        {
            if (report.PercentComplete >= 40) stop.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => service.RunAsync(jobId, false, progress, 1, stop.Token));
        Assert.InRange(location.AssignmentCount, 1, expected.Length - 1);
        Assert.Equal(VppJobState.Failed, service.Job(jobId).State);

        var interrupted = Assert.Single(service.ResumableJobs(token));
        var resumed = await service.RunAsync(interrupted.JobId, false, null, 1, CancellationToken.None);

        Assert.Equal(VppJobState.Completed, resumed.State);
        Assert.Equal(expected, LocationAssignments());
        Assert.Equal(expected.Length, new LicenseQueries(store).Assignments(new[] { token.TokenId }).Count());
    }

    private sealed class CallbackProgress : IProgress<ProgressReport>
    {
        private readonly Action<ProgressReport> callback;

        public CallbackProgress(Action<ProgressReport> callback) => this.callback = callback;

        public void Report(ProgressReport value) => callback(value);
    }
}
