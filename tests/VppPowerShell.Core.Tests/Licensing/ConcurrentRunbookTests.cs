using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tests.Licensing.Workers;
using VppPowerShell.Core.Tests.Sync;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Tests.Shared;
using VppPowerShell.Tests.Workers;
using Xunit;
using Xunit.Abstractions;

namespace VppPowerShell.Core.Tests.Licensing;

/// <summary>
/// Two runbooks in two processes assign from the same license pool through the same store at the
/// same moment (SQLite: WAL and a busy timeout; PostgreSQL: the store's write lock, and the token's
/// request slots as advisory locks): Apple's count of licenses is never exceeded, nothing is counted
/// twice, and the store ends equal to Apple.
/// </summary>
public sealed class ConcurrentRunbookTests
{
    private const string AdamId = "1001";
    private const int Licenses = 100;
    private const int TargetsEach = 500;

    private readonly ITestOutputHelper output;

    public ConcurrentRunbookTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task Two_processes_assigning_the_same_500_targets_from_a_100_license_pool_end_with_100_assigned_none_counted_twice(StoreEngine engine)
    {
        using var harness = await StartAsync(engine);

        var (a, b) = await RunTogetherAsync(harness, firstOfA: 0, firstOfB: 0);

        var targets = Enumerable.Range(0, TargetsEach).Select(i => $"SN{i:D6}").ToList();
        var service = new LicensingService(harness.Store);
        StoreProbe.AssertSettled(harness.Store, service, harness.Location, harness.Token.TokenId, AdamId, Licenses, targets);
        harness.AssertStoreEqualsSimulator();

        // R-L5 for both: the first 100 in the order given hold the licenses.
        Assert.Equal(targets.Take(Licenses), harness.Location.Assignments.Select(s => s.SerialNumber!).OrderBy(s => s, StringComparer.Ordinal));
        Assert.Equal(2, service.Jobs(tokenId: harness.Token.TokenId).Count);
        output.WriteLine($"A: {string.Join(" | ", a)}\nB: {string.Join(" | ", b)}\nassociate requests {harness.Simulator.Statistics.Requests("POST assets/associate")}, " +
            $"peak in flight {harness.Simulator.Statistics.PeakInFlightForToken(harness.Location.UId)}");

        // API §8 across processes: the two runbooks together never had more than 5 requests in flight for the token.
        Assert.InRange(harness.Simulator.Statistics.PeakInFlightForToken(harness.Location.UId), 1, 5);
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task Two_processes_assigning_500_different_targets_each_from_a_100_license_pool_end_with_100_assigned_the_rest_failed(StoreEngine engine)
    {
        using var harness = await StartAsync(engine);

        var (a, b) = await RunTogetherAsync(harness, firstOfA: 0, firstOfB: TargetsEach);

        // R-L8: the second to journal counts the licenses the first's associations take, so it plans none
        // of its own and refuses its targets before sending anything; Apple refuses nothing.
        var targets = Enumerable.Range(0, 2 * TargetsEach).Select(i => $"SN{i:D6}").ToList();
        var service = new LicensingService(harness.Store);
        StoreProbe.AssertSettled(harness.Store, service, harness.Location, harness.Token.TokenId, AdamId, Licenses, targets);
        harness.AssertStoreEqualsSimulator();

        var jobs = service.Jobs(tokenId: harness.Token.TokenId);
        Assert.Equal(2, jobs.Count);
        Assert.Equal(Licenses, jobs.Sum(j => j.Assigned));
        Assert.Equal(2 * TargetsEach - Licenses, jobs.Sum(j => j.Failed));
        var results = jobs.SelectMany(j => service.Results(j.JobId)).ToList();
        var planned = results.Count(r => r.Action == PlannedAction.Associate);
        var refusedByApple = results.Count(r => r.Action == PlannedAction.Associate && r.Status == "Failed");
        output.WriteLine($"A: {string.Join(" | ", a)}\nB: {string.Join(" | ", b)}\nplanned associations {planned}, refused by Apple {refusedByApple}; " +
            $"associate requests {harness.Simulator.Statistics.Requests("POST assets/associate")}");
        Assert.Equal(Licenses, planned);
        Assert.Equal(0, refusedByApple);
        Assert.All(results.Where(r => r.Status == "Failed"), r => Assert.Equal(VppErrorIds.NoLicenseAvailable, r.ErrorId));
        Assert.Equal(Licenses / 10, harness.Simulator.Statistics.Requests("POST assets/associate"));
    }

    /// <summary>
    /// The interleaving behind "none counted twice", made deterministic in one process with two store
    /// connections: B's request is applied at Apple, B stops; A runs to the end and confirms the counts
    /// from Apple (which already include B's licenses); B resumes and adds its licenses to the count
    /// again. B's own confirmation puts it right (the overcount is only transient) unless B stops after
    /// its last request was applied and before it confirms (Ctrl+C, a lost connection): a resumed job
    /// with no request left confirms nothing, and the double count stays until the next sync.
    /// Fails today with assigned 150, available -50 (Apple: 100, 0); passes once the executor confirms
    /// the counts of every asset of the job, not only those of the requests still open.
    /// </summary>
    [Theory, SqliteStore, PostgresStore]
    public async Task A_stop_after_the_last_request_of_a_run_that_overlapped_another_leaves_no_license_counted_twice(StoreEngine engine)
    {
        var fast = new AppleClientOptions
        {
            FirstRetryDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryDelay = TimeSpan.FromMilliseconds(50),
            EventPollDelay = TimeSpan.FromMilliseconds(5),
            EventPollMaxDelay = TimeSpan.FromMilliseconds(20),
        };
        using var harness = new SyncHarness(engine: engine);
        harness.Location.AddAsset(AdamId, Licenses);
        await harness.SyncAsync(full: true);
        using var storeOfB = harness.OpenStore();
        var a = new LicensingService(harness.Store, fast);
        var b = new LicensingService(storeOfB, fast);
        var tokenOfB = harness.Reload(storeOfB, harness.Token);
        var tokenOfA = harness.Reload(harness.Store, harness.Token);
        var devices = Enumerable.Range(0, 100).Select(i => new TargetRequest($"SN{i:D6}", LicenseType.Device, true)).ToList();

        // B asks for the last 50 devices; Apple applies it at once; B is stopped while it waits for the outcome (3 polls, 35 ms or more).
        var jobOfB = b.Journal("Assign", tokenOfB, "runbook B",
            await b.PlanAssignAsync(tokenOfB, new[] { (AdamId, "STDQ") }, devices.Skip(50).ToList(), AssignmentIntent.Required, CancellationToken.None));
        harness.Simulator.Options.EventPollsBeforeCompletion = 3;
        using (var stopB = new CancellationTokenSource())
        {
            var runB = b.RunAsync(jobOfB, false, null, 1, stopB.Token);
            while (harness.Location.AssignmentCount < 50) await Task.Delay(1);
            stopB.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runB);
        }

        // A assigns the first 50 devices and confirms the counts from Apple: 100 assigned, which includes B's 50.
        harness.Simulator.Options.EventPollsBeforeCompletion = 0;
        var jobOfA = await a.RunAsync(a.Journal("Assign", tokenOfA, "runbook A",
            await a.PlanAssignAsync(tokenOfA, new[] { (AdamId, "STDQ") }, devices.Take(50).ToList(), AssignmentIntent.Required, CancellationToken.None)),
            false, null, 1, CancellationToken.None);
        Assert.Equal(50, jobOfA.Assigned);
        Assert.Equal(100L, StoreProbe.Counts(harness.Store, harness.Token.TokenId, AdamId).Assigned);

        // B resumes; once its request is applied it is stopped again, before it confirms the counts.
        var seenAfterApply = -1L;
        using (var stopB = new CancellationTokenSource())
        {
            var progress = new Inline(_ =>
            {
                seenAfterApply = StoreProbe.Counts(harness.Store, harness.Token.TokenId, AdamId).Assigned;
                stopB.Cancel();
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b.RunAsync(jobOfB, false, progress, 1, stopB.Token));
        }

        // B is resumed to the end: nothing is left to send.
        var finished = await b.RunAsync(jobOfB, false, null, 1, CancellationToken.None);
        Assert.Equal(50, finished.Assigned);
        Assert.Equal(100, harness.Location.AssignmentCount);
        output.WriteLine($"assigned in the store just after B applied its request: {seenAfterApply} (Apple: 100)");
        var counts = StoreProbe.Counts(harness.Store, harness.Token.TokenId, AdamId);
        Assert.Equal((100L, 0L, 100L), (counts.Assigned, counts.Available, counts.Rows));
        harness.AssertStoreEqualsSimulator();
    }

    /// <summary>
    /// Ten devices per request, two PENDING answers per event and some latency (each run's 10 requests
    /// take about 0.2 s), so the two runs' requests interleave at Apple and their writes in the file.
    /// </summary>
    internal static async Task<SyncHarness> StartAsync(StoreEngine engine, int licenses = Licenses)
    {
        var options = new SimulatorOptions { EventPollsBeforeCompletion = 2 };
        options.Limits.MaxSerialNumbers = 10;
        options.Faults.Latency = TimeSpan.FromMilliseconds(10);
        var harness = new SyncHarness(options, engine: engine);
        harness.Location.AddAsset(AdamId, licenses);
        await harness.SyncAsync(full: true);
        return harness;
    }

    /// <summary>Starts both workers, lets them go at the same moment once both are ready, and waits for both.</summary>
    private static async Task<(string[] A, string[] B)> RunTogetherAsync(SyncHarness harness, int firstOfA, int firstOfB)
    {
        using var a = AssignWorkerProcess.Start(harness.Store, harness.Token.TokenId, AdamId, TargetsEach, firstOfA, "runbook A", waitForGo: true);
        using var b = AssignWorkerProcess.Start(harness.Store, harness.Token.TokenId, AdamId, TargetsEach, firstOfB, "runbook B", waitForGo: true);
        Assert.True(await a.WaitForStepAsync(TimeSpan.FromSeconds(30), "READY") is not null, a.Output);
        Assert.True(await b.WaitForStepAsync(TimeSpan.FromSeconds(30), "READY") is not null, b.Output);
        a.Go();
        b.Go();
        var exits = await Task.WhenAll(a.WaitForExitAsync(TimeSpan.FromSeconds(60)), b.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.True(exits[0] == 0, a.Output);
        Assert.True(exits[1] == 0, b.Output);
        return (a.Lines.ToArray(), b.Lines.ToArray());
    }

    /// <summary>A progress sink called on the reporting thread, at the moment of the report.</summary>
    private sealed class Inline : IProgress<ProgressReport>
    {
        private readonly Action<ProgressReport> report;

        public Inline(Action<ProgressReport> report)
        {
            this.report = report;
        }

        public void Report(ProgressReport value) => report(value);
    }
}
