using System;
using System.Linq;
using System.Threading.Tasks;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tests.Licensing.Workers;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Simulator;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Licensing;

/// <summary>
/// R-L8 from PowerShell: a runbook in another process runs a job on the same token while
/// Set-VppAssignment is given targets that overlap it, on a pool with exactly the licenses of both
/// together. Without -Wait the shared targets are left to that job, each said so with its id; with
/// -Wait the command plans them once that job has finished. Either way nothing is sent twice and
/// every target holds a license at the end.
/// </summary>
public sealed class OverlappingJobCommandTests
{
    private const int Union = 150;

    [Theory, SqliteStore, PostgresStore]
    public async Task Targets_another_process_has_in_hand_are_left_to_its_job_and_said_so_per_target(StoreEngine engine)
    {
        using var simulator = AppleSimulator.Start(SlowEvents());
        using var fixture = new LicensingFixture(Union, simulator, engine);
        var (runbook, jobOfRunbook) = await StartRunbookAsync(fixture);

        var result = fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", Serials(50, 100)).With("PassThru", true));

        result.ShouldSucceed();
        var outcomes = fixture.Results(result);
        var left = outcomes.Where(r => r.Status == "LeftToJob").ToList();
        Assert.Equal(Serials(50, 50), left.Select(r => r.SerialNumber));
        Assert.All(left, r => Assert.Equal(jobOfRunbook, r.OtherJobId));
        Assert.All(left, r => Assert.Contains($"Left to job {jobOfRunbook}", r.Reason));
        Assert.Equal(Serials(100, 50), outcomes.Where(r => r.Status == "Assigned").Select(r => r.SerialNumber));
        Assert.Contains(result.Warnings, w => w.StartsWith($"50 target(s) left to job {jobOfRunbook}", StringComparison.Ordinal));

        var job = fixture.Run("Get-VppJob", new Parameters().With("JobId", outcomes[0].JobId)).OutputOf<VppJob>().Single();
        Assert.Equal(50, job.LeftToOtherJobs);
        var targets = fixture.Run("Get-VppJob", new Parameters().With("JobId", outcomes[0].JobId).With("Targets", true)).OutputOf<VppTargetResult>();
        Assert.Equal(Serials(50, 50), targets.Where(r => r.Status == "LeftToJob" && r.OtherJobId == jobOfRunbook).Select(r => r.SerialNumber));

        await FinishAsync(runbook, simulator, fixture);
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task With_Wait_the_command_waits_for_the_other_job_and_then_plans_what_is_left(StoreEngine engine)
    {
        using var simulator = AppleSimulator.Start(SlowEvents());
        using var fixture = new LicensingFixture(Union, simulator, engine);
        var (runbook, jobOfRunbook) = await StartRunbookAsync(fixture);

        var result = fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", Serials(50, 100))
            .With("PassThru", true).With("Wait", true).With("Verbose", true));

        result.ShouldSucceed();
        Assert.Contains(result.Verbose, v => v.StartsWith($"Wait for job {jobOfRunbook}", StringComparison.Ordinal) && v.Contains("50 of these targets"));
        var outcomes = fixture.Results(result);
        Assert.DoesNotContain(outcomes, r => r.Status == "LeftToJob");

        // Planned once the runbook's job had finished: its targets hold their licenses already.
        Assert.Equal(Serials(50, 50), outcomes.Where(r => r.Status == "Unchanged" && r.Reason == "Already licensed.").Select(r => r.SerialNumber));
        Assert.Equal(Serials(100, 50), outcomes.Where(r => r.Status == "Assigned").Select(r => r.SerialNumber));
        Assert.Equal(VppJobState.Completed, fixture.Run("Get-VppJob", new Parameters().With("JobId", jobOfRunbook)).OutputOf<VppJob>().Single().State);

        await FinishAsync(runbook, simulator, fixture);
    }

    [Theory, SqliteStore]
    public async Task WhatIf_with_Wait_announces_the_wait_and_the_plan_as_if_the_other_job_had_finished(StoreEngine engine)
    {
        using var simulator = AppleSimulator.Start(SlowEvents());
        using var fixture = new LicensingFixture(Union, simulator, engine);
        var (started, jobOfRunbook) = await StartRunbookAsync(fixture);
        using var runbook = started;
        var sent = simulator.Statistics.Requests("POST assets/associate");

        var waiting = fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", Serials(50, 100))
            .With("Wait", true).With("WhatIf", true));
        var leaving = fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", Serials(50, 100))
            .With("WhatIf", true).With("Verbose", true));

        Assert.Contains(waiting.ShouldProcessCalls, c => c.WhatIf && c.Action.StartsWith($"Wait for job {jobOfRunbook}", StringComparison.Ordinal));
        Assert.Contains(waiting.ShouldProcessCalls, c => c.WhatIf && c.Action.Contains("Associate: 50 license(s)") && c.Action.Contains("already as asked: 50"));
        Assert.Contains(leaving.ShouldProcessCalls, c => c.WhatIf && c.Action.Contains("Associate: 50 license(s)") && c.Action.Contains($"left to job {jobOfRunbook}: 50"));
        Assert.Contains(leaving.Verbose, v => v.StartsWith($"{LicensingFixture.App} -> SN000050: None", StringComparison.Ordinal) && v.Contains($"Left to job {jobOfRunbook}"));
        Assert.Equal(0, fixture.Run("Get-VppJob", new Parameters()).OutputOf<VppJob>().Count(j => j.JobId != jobOfRunbook));

        Assert.True(await runbook.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, runbook.Output);
        Assert.Equal(sent + 10, simulator.Statistics.Requests("POST assets/associate"));
    }

    /// <summary>Starts the runbook's worker (SN000000 to SN000099) and returns once its job is journaled and running.</summary>
    private static async Task<(Tests.Workers.WorkerProcess Runbook, string JobId)> StartRunbookAsync(LicensingFixture fixture)
    {
        using var store = fixture.OpenStore();
        var tokenId = new TokenCatalog(store).Find().Single().TokenId;
        var runbook = AssignWorkerProcess.Start(store, tokenId, LicensingFixture.App, 100, 0, "runbook", pollMilliseconds: 250);
        var running = await runbook.WaitForStepAsync(TimeSpan.FromSeconds(60), "RUN");
        Assert.True(running is not null, runbook.Output);
        return (runbook, running!.Split(' ')[1]);
    }

    /// <summary>Once the runbook is done: every target holds a license, none was sent twice, none was refused for want of one.</summary>
    private static async Task FinishAsync(Tests.Workers.WorkerProcess runbook, AppleSimulator simulator, LicensingFixture fixture)
    {
        using (runbook)
        {
            Assert.True(await runbook.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, runbook.Output);
        }

        Assert.Equal(0, simulator.Statistics.PairsSentMoreThanOnce);
        Assert.Equal(Serials(0, Union), fixture.Location.Assignments.Select(a => a.SerialNumber!).OrderBy(s => s, StringComparer.Ordinal));
        Assert.Equal(Union / 10, simulator.Statistics.Requests("POST assets/associate"));
        Assert.DoesNotContain(fixture.Run("Get-VppJob", new Parameters().With("Targets", true)).OutputOf<VppTargetResult>(), r => r.Status == "Failed");
    }

    /// <summary>Ten devices a request and four PENDING answers per event: the runbook's job runs for some seconds.</summary>
    private static SimulatorOptions SlowEvents()
    {
        var options = new SimulatorOptions { EventPollsBeforeCompletion = 4 };
        options.Limits.MaxSerialNumbers = 10;
        return options;
    }

    private static string[] Serials(int first, int count) => Enumerable.Range(first, count).Select(i => $"SN{i:D6}").ToArray();
}
