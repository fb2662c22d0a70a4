using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tests.Licensing.Workers;
using VppPowerShell.Core.Tests.Sync;
using VppPowerShell.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace VppPowerShell.Core.Tests.Licensing;

/// <summary>
/// R-L8: two jobs of one token whose targets overlap, on a pool with exactly the licenses of the
/// targets together. A target the first job has in hand is left to it by the second (per target,
/// naming the job); the licenses the first will take are not free for the second; nothing is sent
/// to Apple twice, no target is refused for want of a license, and Apple ends with every target asked.
/// The simulator is <see cref="ConcurrentRunbookTests"/>'s: ten devices a request, so two runs interleave.
/// </summary>
public sealed class OverlappingJobsTests
{
    private const string AdamId = "1001";
    private const string OtherWorker = "worker-2.contoso.com:41";

    private readonly ITestOutputHelper output;

    public OverlappingJobsTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    /// <summary>
    /// Both plan before either has journaled (two workers at the same moment): the second to journal
    /// finds the first's job under the store's write lock and plans again.
    /// </summary>
    [Theory, SqliteStore, PostgresStore]
    public async Task A_plan_made_before_another_job_was_journaled_is_planned_again_and_leaves_the_shared_targets_to_it(StoreEngine engine)
    {
        using var harness = await ConcurrentRunbookTests.StartAsync(engine, licenses: 300);
        using var storeOfB = harness.OpenStore();
        var a = new LicensingService(harness.Store, SyncHarness.FastRetries);
        var b = new LicensingService(storeOfB, SyncHarness.FastRetries);
        var tokenOfB = harness.Reload(storeOfB, harness.Token);
        var planOfA = await a.PlanAssignAsync(harness.Token, new[] { (AdamId, "STDQ") }, Devices(0, 200), AssignmentIntent.Required, CancellationToken.None);
        var planOfB = await b.PlanAssignAsync(tokenOfB, new[] { (AdamId, "STDQ") }, Devices(100, 200), AssignmentIntent.Required, CancellationToken.None);
        Assert.Equal(200, planOfB.Count(PlannedAction.Associate));

        var jobOfA = a.Journal("Assign", harness.Token, "runbook A", planOfA);
        RunElsewhere(harness.Store, jobOfA);
        var jobOfB = b.Journal("Assign", tokenOfB, "runbook B", planOfB);

        var journaled = b.JournaledPlan!;
        Assert.NotSame(planOfB, journaled);
        Assert.Equal(Names(100, 100), journaled.LeftToOtherJobs.Select(t => t.Target));
        Assert.All(journaled.LeftToOtherJobs, t => Assert.Equal(jobOfA, t.LeftToJobId));
        Assert.Equal(100, journaled.Count(PlannedAction.Associate));
        Assert.Contains($"left to job {jobOfA}: 100", journaled.Summary());

        await b.RunAsync(jobOfB, false, null, 1, CancellationToken.None);
        await a.RunAsync(jobOfA, true, null, 1, CancellationToken.None);

        AssertUnionAssigned(harness, a, 300);
        var resultsOfB = b.Results(jobOfB).ToList();
        Assert.Equal(100, resultsOfB.Count(r => r.Status == "Assigned"));
        Assert.All(resultsOfB.Where(r => r.Status == JobStore.LeftToJob), r =>
        {
            Assert.Equal(jobOfA, r.OtherJobId);
            Assert.Contains($"Left to job {jobOfA}", r.Reason);
        });
        Assert.Equal(100, b.Job(jobOfB).LeftToOtherJobs);
        // The fewest requests for the 300 targets together, 10 devices a request: A's 20 and B's 10.
        Assert.Equal(30, harness.Simulator.Statistics.Requests("POST assets/associate"));
    }

    /// <summary>The licenses a live job elsewhere will take count as taken; a target it has in hand needs none of them.</summary>
    [Theory, SqliteStore, PostgresStore]
    public async Task A_job_planned_while_another_has_targets_in_hand_counts_its_licenses_as_taken_and_refuses_only_what_the_pool_lacks(StoreEngine engine)
    {
        using var harness = await ConcurrentRunbookTests.StartAsync(engine, licenses: 300);
        var service = new LicensingService(harness.Store, SyncHarness.FastRetries);
        var jobOfA = service.Journal("Assign", harness.Token, "runbook A",
            await service.PlanAssignAsync(harness.Token, new[] { (AdamId, "STDQ") }, Devices(0, 250), AssignmentIntent.Required, CancellationToken.None));
        RunElsewhere(harness.Store, jobOfA);

        // 200 to 349: 50 are in A's hands, 50 get the last free licenses, 50 find none.
        var plan = await service.PlanAssignAsync(harness.Token, new[] { (AdamId, "STDQ") }, Devices(200, 150), AssignmentIntent.Required, CancellationToken.None);

        Assert.Equal(Names(200, 50), plan.LeftToOtherJobs.Select(t => t.Target));
        Assert.Equal(Names(250, 50), plan.Targets.Where(t => t.Action == PlannedAction.Associate).Select(t => t.Target));
        var refused = plan.Targets.Where(t => t.Action == PlannedAction.Fail).ToList();
        Assert.Equal(Names(300, 50), refused.Select(t => t.Target));
        Assert.All(refused, t => Assert.Equal(VppErrorIds.NoLicenseAvailable, t.ErrorId));
        Assert.Contains($"job(s) {jobOfA} running elsewhere take 250", refused[0].Reason);
    }

    /// <summary>Two worker processes given overlapping halves at the same moment, as two runbooks would run.</summary>
    [Theory, SqliteStore, PostgresStore]
    public async Task Two_processes_with_overlapping_targets_send_nothing_twice_and_refuse_no_target_a_license_it_needed_not(StoreEngine engine)
    {
        using var harness = await ConcurrentRunbookTests.StartAsync(engine, licenses: 600);
        using var a = AssignWorkerProcess.Start(harness.Store, harness.Token.TokenId, AdamId, 400, 0, "runbook A", waitForGo: true);
        using var b = AssignWorkerProcess.Start(harness.Store, harness.Token.TokenId, AdamId, 400, 200, "runbook B", waitForGo: true);
        Assert.True(await a.WaitForStepAsync(TimeSpan.FromSeconds(30), "READY") is not null, a.Output);
        Assert.True(await b.WaitForStepAsync(TimeSpan.FromSeconds(30), "READY") is not null, b.Output);
        a.Go();
        b.Go();
        var exits = await Task.WhenAll(a.WaitForExitAsync(TimeSpan.FromSeconds(60)), b.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.True(exits[0] == 0, a.Output);
        Assert.True(exits[1] == 0, b.Output);
        output.WriteLine($"A: {string.Join(" | ", a.Lines)}\nB: {string.Join(" | ", b.Lines)}");

        var service = new LicensingService(harness.Store);
        AssertUnionAssigned(harness, service, 600);
        var results = service.Jobs(tokenId: harness.Token.TokenId).SelectMany(j => service.Results(j.JobId)).ToList();
        Assert.Equal(200, results.Count(r => r.Status == JobStore.LeftToJob));

        // The fewest requests Apple's limits allow for the 600 targets together: 10 devices a request.
        Assert.Equal(60, harness.Simulator.Statistics.Requests("POST assets/associate"));
    }

    /// <summary>Every target asked holds a license at Apple, none was sent twice, none failed; the store agrees with Apple.</summary>
    private static void AssertUnionAssigned(SyncHarness harness, LicensingService service, int union)
    {
        Assert.Equal(0, harness.Simulator.Statistics.PairsSentMoreThanOnce);
        Assert.Equal(union, harness.Simulator.Statistics.PairsSent);
        Assert.Equal(Names(0, union), harness.Location.Assignments.Select(s => s.SerialNumber!).OrderBy(s => s, StringComparer.Ordinal));
        var jobs = service.Jobs(tokenId: harness.Token.TokenId);
        Assert.All(jobs, j => Assert.Equal(VppJobState.Completed, j.State));
        Assert.DoesNotContain(jobs.SelectMany(j => service.Results(j.JobId)), r => r.ErrorId == VppErrorIds.NoLicenseAvailable);
        StoreProbe.AssertSettled(harness.Store, service, harness.Location, harness.Token.TokenId, AdamId, union, Names(0, union).ToList());
        harness.AssertStoreEqualsSimulator();
    }

    /// <summary>Makes the job another live worker's, on another host within its lease: what a worker sees of a runbook running elsewhere.</summary>
    private static void RunElsewhere(VppStore store, string jobId)
    {
        using var command = store.Connection.CreateCommand(null, "UPDATE jobs SET owner = @owner, heartbeat_on = @now WHERE job_id = @job;");
        command.AddParameter("@job", jobId);
        command.AddParameter("@owner", OtherWorker);
        command.AddParameter("@now", VppStore.FormatDate(DateTimeOffset.UtcNow));
        command.ExecuteNonQuery();
    }

    private static IEnumerable<string> Names(int first, int count) => Enumerable.Range(first, count).Select(i => $"SN{i:D6}");

    private static List<TargetRequest> Devices(int first, int count) =>
        Names(first, count).Select(n => new TargetRequest(n, LicenseType.Device, true)).ToList();
}
