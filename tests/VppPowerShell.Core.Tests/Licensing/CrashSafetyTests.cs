using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
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
/// A bulk assignment in a child process, killed again and again and resumed each time, ends exactly
/// where an uninterrupted run would: the journal loses, doubles and leaves unrecorded nothing. On both
/// store engines: each worker is a process of this machine, so a killed one is seen gone by its pid and
/// the next resumes its job at once.
/// </summary>
public sealed class CrashSafetyTests
{
    private const string AdamId = "1001";
    private const int Licenses = 300;
    private const int Devices = 900;
    private const int Kills = 20;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(10);

    private readonly ITestOutputHelper output;

    public CrashSafetyTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task A_bulk_assignment_killed_at_20_random_points_and_resumed_each_time_ends_exactly_at_the_expected_state(StoreEngine engine)
    {
        // Two devices per request and two PENDING answers per event: the run has 150 requests of about
        // 100 ms each, 5 at a time (about 3 s once started), so 20 kills land all along it even on a busy machine.
        var options = new SimulatorOptions { EventPollsBeforeCompletion = 2 };
        options.Limits.MaxSerialNumbers = 2;
        options.Faults.Latency = Latency;
        using var harness = new SyncHarness(options, engine: engine);
        harness.Location.AddAsset(AdamId, Licenses);
        await harness.SyncAsync(full: true);
        var tokenId = harness.Token.TokenId;
        var statistics = harness.Simulator.Statistics;
        var random = new Random(20_240_611);
        var clock = Stopwatch.StartNew();
        var kills = new List<string>();

        for (var attempt = 0; kills.Count < Kills && attempt < 3 * Kills; attempt++)
        {
            var associatesBefore = statistics.Requests("POST assets/associate");
            var journaledBefore = StoreProbe.SubmittedOrApplied(harness.Store, tokenId);
            using var worker = AssignWorkerProcess.Start(harness.Store, tokenId, AdamId, Devices, name: "crash-safety run");
            // Until the job is journaled the kills aim at planning and journaling; then at random moments:
            // from the start, into the run, or just after the n-th request Apple applies or answers.
            var journaledYet = new LicensingService(harness.Store).Jobs(tokenId: tokenId).Count > 0;
            // The first attempts aim at planning and journaling; later ones at any moment, so the run also gets started.
            var trigger = journaledYet || attempt >= 3 ? random.Next(4) : 4 + random.Next(2);
            var nth = 1 + random.Next(trigger == 1 ? 12 : 25);
            var delay = TimeSpan.FromMilliseconds(trigger switch { 0 => random.Next(0, 800), 3 => random.Next(0, 600), 4 or 5 => random.Next(0, 8), _ => random.Next(0, 5) });
            string moment;
            switch (trigger)
            {
                case 0:
                    moment = $"{delay.TotalMilliseconds} ms after start";
                    await Task.Delay(delay);
                    break;
                case 1:
                    // Just as Apple applies a request, before or while its event id is journaled.
                    moment = $"Apple accepted request {nth} of the attempt, +{delay.TotalMilliseconds} ms";
                    await WhenCountGrowsAsync(() => statistics.Requests("POST assets/associate"), nth, worker);
                    await Task.Delay(Latency + delay);
                    break;
                case 2:
                    // Just as Apple answers a status poll: the worker is polling, or applying the outcome.
                    moment = $"Apple answered status poll {nth} of the attempt, +{delay.TotalMilliseconds} ms";
                    await WhenCountGrowsAsync(() => statistics.Requests("GET status"), nth, worker);
                    await Task.Delay(Latency + delay);
                    break;
                case 3:
                    moment = $"{delay.TotalMilliseconds} ms into the run";
                    await worker.WaitForStepAsync(TimeSpan.FromSeconds(30), "RUN", "UNFINISHED", "NOTHING-TO-PLAN");
                    await Task.Delay(delay);
                    break;
                default:
                    var step = trigger == 4 ? "PLAN" : "JOURNAL";
                    moment = $"{delay.TotalMilliseconds} ms after {step}";
                    await worker.WaitForStepAsync(TimeSpan.FromSeconds(30), step);
                    await Task.Delay(delay);
                    break;
            }

            if (worker.HasExited)
            {
                Assert.True(worker.ExitCode == 0, $"The worker failed:\n{worker.Output}");
                output.WriteLine($"attempt {attempt}: finished on its own before the kill ({moment})");
                continue;
            }

            var lastStep = worker.LastStep;
            worker.Kill();
            var associates = statistics.Requests("POST assets/associate") - associatesBefore;
            var journaled = StoreProbe.SubmittedOrApplied(harness.Store, tokenId) - journaledBefore;
            var phase = lastStep switch
            {
                "" or "START" => "starting",
                "PLAN" => "planning",
                "JOURNAL" => "journaling",
                "NOTHING-TO-PLAN" => "finished job",
                _ when associates > journaled => "running: a request applied by Apple, its event id not journaled",
                _ when trigger == 2 => "running: polling or applying",
                _ => "running",
            };
            kills.Add(phase);
            output.WriteLine($"kill {kills.Count} ({moment}): {phase}; journal: {StoreProbe.BatchStates(harness.Store, tokenId)}; " +
                $"associate requests at Apple so far {statistics.Requests("POST assets/associate")}");
        }

        Assert.Equal(Kills, kills.Count);

        using (var last = AssignWorkerProcess.Start(harness.Store, tokenId, AdamId, Devices, name: "crash-safety run"))
        {
            Assert.True(await last.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, $"The last run failed:\n{last.Output}");
            output.WriteLine("last run: " + string.Join(" | ", last.Lines));
        }

        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s; phases killed: " +
            string.Join(", ", kills.GroupBy(k => k).Select(g => $"{g.Key} {g.Count()}")) +
            $"; associate requests {statistics.Requests("POST assets/associate")} for {Licenses} licensed devices");

        // The run was really cut short along the way, not only before it began.
        Assert.Contains(kills, k => k.StartsWith("running", StringComparison.Ordinal));

        var service = new LicensingService(harness.Store);
        var targets = Enumerable.Range(0, Devices).Select(i => $"SN{i:D6}").ToList();
        StoreProbe.AssertSettled(harness.Store, service, harness.Location, tokenId, AdamId, Licenses, targets);
        harness.AssertStoreEqualsSimulator();

        // R-L5 held through every restart: the first Licenses devices in the order given, and one job did it all.
        Assert.Equal(targets.Take(Licenses), harness.Location.Assignments.Select(a => a.SerialNumber!).OrderBy(s => s, StringComparer.Ordinal));
        var job = Assert.Single(service.Jobs(tokenId: tokenId));
        Assert.Equal((Licenses, Devices - Licenses, 0), (job.Assigned, job.Failed, job.Pending));
        Assert.All(service.Results(job.JobId).Where(r => r.Status == "Failed"), r => Assert.Equal(VppErrorIds.NoLicenseAvailable, r.ErrorId));
    }

    /// <summary>Waits (looking every millisecond) until the count grew by n, or the worker exits.</summary>
    private static Task WhenCountGrowsAsync(Func<long> count, int n, WorkerProcess worker) =>
        Task.Run(() =>
        {
            var start = count();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (count() < start + n && !worker.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(1);
        });
}
