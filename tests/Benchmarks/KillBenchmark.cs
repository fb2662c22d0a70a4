using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Leases;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Tests.Workers;

namespace VppPowerShell.Benchmarks;

/// <summary>
/// One bulk assignment in a worker process, killed (SIGKILL) at random points and each time resumed
/// by another worker process on the same job id, until it finishes; then the store must equal Apple
/// exactly and no target may hold or count a license twice. Prints one JSON line; the kill points
/// (seeded) and what each kill and resume saw go to standard error as they happen.
///   assign-kill [--store sqlite|postgres] [--devices 20000] [--licenses N] [--kills 10] [--seed N]
///               [--max-serials 100] [--latency-ms 5] [--event-polls 1] [--max-delay-ms 400] [--lease-kill K]
/// --max-serials: devices per request Apple allows (smaller: more requests, so the kills land all along the run).
/// --event-polls: Apple answers PENDING this many times per event, so kills also land while requests are in flight.
/// A kill point is either a delay after the worker announced its run (RUN, or RESUME once it holds the
/// job), up to --max-delay-ms, or "just after Apple accepted the n-th associate request of this attempt,
/// plus a few ms" (n drawn within a share of what is left, so every kill still finds work to cut short).
/// Owners: a worker of this machine that was killed is seen gone at once by its pid, so the next worker
/// resumes immediately. --lease-kill K (default: the last kill; 0: none) starts the worker that resumes
/// after kill K, and every later one, on another host: its own UTS namespace and host name (unshare --uts,
/// root or user namespaces). That worker cannot ask the dead owner's pid: the job stays the dead owner's
/// until its lease (LeaseOwner.Lease, 2 minutes after its last heartbeat) runs out. It shows the store refusing
/// the job first, then takes it once the lease lapsed; the wait is reported apart from the run's seconds.
/// </summary>
public static class KillBenchmark
{
    public const string Command = "assign-kill";
    private const string OtherHost = "vpp-bench-other-host";

    public static async Task<int> RunAsync(Arguments options)
    {
        var devices = options.Int("devices", 20_000);
        var licenses = options.Int("licenses", devices + devices / 5);
        var kills = options.Int("kills", 10);
        var seed = options.Int("seed", 20_261_201);
        var maxSerials = options.Int("max-serials", 100);
        var latencyMs = options.Int("latency-ms", 5);
        var eventPolls = options.Int("event-polls", 1);
        var maxDelayMs = options.Int("max-delay-ms", 400);
        var leaseKill = options.Int("lease-kill", kills);
        var adamId = AssignBenchmark.AdamId;

        var hostArguments = new Arguments(new[]
        {
            SimulatorHost.Command, "--assets", "0", "--assignments", "0", "--users", "0", "--latency-ms", Text(latencyMs),
            "--max-serials", Text(maxSerials), "--event-polls", Text(eventPolls),
        }, 1);
        var (host, baseUri, tokenContent) = SimulatorHost.Start(hostArguments);
        BenchmarkStore? bench = null;
        var workers = new List<WorkerProcess>();
        try
        {
            bench = BenchmarkStore.Create(options);
            SimulatorHost.Ask(host, $"ASSET {adamId} {licenses}");
            var limits = AssignBenchmark.ReadLimits(SimulatorHost.Ask(host, "LIMITS"));
            var tokenPath = Path.Combine(bench.Folder, "benchmark.vpptoken");
            File.WriteAllText(tokenPath, tokenContent);
            using var store = bench.Open();
            var tokenId = (await AssignBenchmark.AddAndSyncAsync(store, host, baseUri, tokenPath, licenses, licenses)).TokenId;
            SimulatorHost.Ask(host, "RESET");
            var service = new LicensingService(store);

            var otherHostPossible = leaseKill > 0 && WorkerProcess.CanRunAsOtherHost();
            var leaseNote = leaseKill <= 0
                ? "not asked for (--lease-kill 0)"
                : otherHostPossible
                    ? $"the worker resuming after kill {leaseKill} and every later one ran as host '{OtherHost}' (unshare --uts)"
                    : "not shown: unshare --uts cannot give a worker another host name here (needs root or user namespaces); " +
                      "the lease path is covered by JobLeaseTests with a clock";
            if (!otherHostPossible) leaseKill = 0;

            var random = new Random(seed);
            var expected = Math.Min(devices, licenses);
            var minimumRequests = LicensePlanner.MinimumRequests(expected, 0, 1, limits);
            var clock = Stopwatch.StartNew();
            var leaseWait = TimeSpan.Zero;
            var killPoints = new List<string>();
            var killRecords = new List<object>();
            var resumeRecords = new List<object>();
            string? jobId = null;
            var killed = 0;
            var resumes = 0;
            var sameHostSawGoneAtOnce = 0;
            var sameHostResumes = 0;
            object? leasePath = null;
            var leaseRefused = false;
            var finishedEarly = false;

            // Worker 0 plans, journals and runs; worker i (1 … kills) resumes the job after kill i; the last one is left to finish.
            for (var attempt = 0; attempt <= kills; attempt++)
            {
                var otherHost = leaseKill > 0 && attempt >= leaseKill;
                var arguments = new List<string>
                {
                    "--store", bench.Address, "--token-id", Text(tokenId), "--adam-id", adamId, "--devices", Text(devices),
                    "--poll-ms", "20", "--name", "kill benchmark run",
                };
                if (jobId is not null) arguments.AddRange(new[] { "--job", jobId, "--wait-seconds", Text((int)LeaseOwner.Lease.TotalSeconds + 120) });
                var worker = WorkerProcess.Start(arguments, bench.KeyText, clock, otherHost ? OtherHost : null);
                workers.Add(worker);
                var workerHost = otherHost ? OtherHost : Environment.MachineName;

                // It holds the job once it says RUN (it journaled it) or RESUME (it is about to claim it).
                var started = clock.Elapsed;
                var step = await worker.WaitForStepAsync(jobId is null ? TimeSpan.FromMinutes(5) : LeaseOwner.Lease + TimeSpan.FromMinutes(3), "RUN", "RESUME");
                if (step is null)
                {
                    throw new InvalidOperationException($"Worker {attempt} did not start its run:\n{worker.Output}");
                }

                if (jobId is null)
                {
                    jobId = step.Split(' ')[1];
                }
                else
                {
                    resumes++;
                    var seen = worker.Find("JOB")!.Value.Line;
                    var refused = worker.Find("REFUSED")?.Line;
                    var free = worker.Find("FREE");
                    var previousOwner = OwnerIn(seen);
                    var previousHost = previousOwner.Substring(0, previousOwner.LastIndexOf(':'));
                    if (previousHost == workerHost)
                    {
                        sameHostResumes++;
                        if (seen.Contains($" {nameof(VppJobState.Interrupted)} ", StringComparison.Ordinal)) sameHostSawGoneAtOnce++;
                    }
                    else
                    {
                        var waited = free is null ? TimeSpan.Zero : free.Value.At - started;
                        leaseWait += waited;
                        leaseRefused = refused is not null;
                        leasePath = new
                        {
                            resumerHost = workerHost,
                            deadOwner = previousOwner,
                            seenFirst = seen,
                            refusedWhileLeaseHeld = refused is not null,
                            refusal = refused,
                            freed = free?.Line,
                            waitedSeconds = Round(waited.TotalSeconds),
                            leaseSeconds = LeaseOwner.Lease.TotalSeconds,
                        };
                    }

                    resumeRecords.Add(new { resume = resumes, pid = worker.Id, host = workerHost, seen });
                    Console.Error.WriteLine($"resume {resumes}: worker {worker.Id} on {workerHost}: {seen}" +
                        (refused is null ? string.Empty : $" | {refused} | {free?.Line}"));
                }

                if (attempt == kills) break;

                var (point, wait) = NextKillPoint(random, store, jobId, minimumRequests, kills - attempt, maxDelayMs, host);
                killPoints.Add(point);
                await wait(worker);
                if (worker.HasExited)
                {
                    Console.Error.WriteLine($"attempt {attempt}: the worker finished before its kill ({point}): {worker.Output}");
                    finishedEarly = true;
                    break;
                }

                var lastStep = worker.LastStep;
                worker.Kill();
                killed++;
                var job = service.Job(jobId);
                var journal = BatchStates(store, jobId);
                var atApple = SimulatorHost.Ask(host, "COUNT POST assets/associate").Split(' ')[1];
                // Seen from this process (this machine): a dead owner of this machine reads Interrupted at once.
                killRecords.Add(new { kill = killed, pid = worker.Id, host = workerHost, point, lastStep, journal, seenHere = job.State.ToString() });
                Console.Error.WriteLine($"kill {killed} ({point}): worker {worker.Id} on {workerHost}, last step {lastStep}; journal: {journal}; " +
                    $"associate requests at Apple so far {atApple}; seen from {Environment.MachineName}: {job.State} owner={job.Owner}");
            }

            var last = workers[^1];
            var exit = finishedEarly ? last.ExitCode : await last.WaitForExitAsync(TimeSpan.FromMinutes(30));
            var seconds = clock.Elapsed - leaseWait;
            if (exit != 0) Console.Error.WriteLine($"The last worker failed:\n{last.Output}");

            var final = service.Job(jobId!);
            var associateRequests = long.Parse(SimulatorHost.Ask(host, "COUNT POST assets/associate").Split(' ')[1], CultureInfo.InvariantCulture);
            var statusPolls = long.Parse(SimulatorHost.Ask(host, "COUNT GET status").Split(' ')[1], CultureInfo.InvariantCulture);
            var peakInFlight = int.Parse(SimulatorHost.Ask(host, "PEAK-TOKEN").Split(' ')[1], CultureInfo.InvariantCulture);
            var simulatorAssignments = long.Parse(SimulatorHost.Ask(host, "STATS").Split(' ')[3], CultureInfo.InvariantCulture);
            var counts = AssignBenchmark.StoreCounts(store);
            var storeEqualsSimulator = AssignBenchmark.StoreEqualsSimulator(host, counts, AssignBenchmark.StoreDigest(store), simulatorAssignments);
            var (doneTwice, done) = AssignBenchmark.TargetsDoneTwice(store, tokenId);
            var distinct = DistinctAssignments(store, adamId);
            // Twice: a target Done in two jobs, an assignment row held twice, a license counted twice, or more Done than Apple holds.
            var assignedTwice = doneTwice + (counts.Assignments - distinct) + Math.Max(0, counts.Assigned - counts.Assignments) + Math.Max(0, done - simulatorAssignments);

            Console.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = Command,
                store = bench.Engine == StoreEngine.Sqlite ? "sqlite" : "postgres",
                targets = devices,
                licenses,
                seed,
                kills = killed,
                resumes,
                killPoints,
                seconds = Round(seconds.TotalSeconds),
                secondsWaitingForLease = Round(leaseWait.TotalSeconds),
                sameHostResumes,
                sameHostResumesSawOwnerGoneAtOnce = sameHostSawGoneAtOnce,
                leasePath,
                leasePathNote = leaseNote,
                job = jobId,
                jobState = final.State.ToString(),
                assigned = final.Assigned,
                failed = final.Failed,
                pending = final.Pending,
                associateRequests,
                minimumRequests,
                extraRequests = associateRequests - minimumRequests,
                statusPolls,
                peakInFlight,
                simulatorAssignments,
                storeAssignments = counts.Assignments,
                doneAssociations = done,
                targetsAssignedTwice = assignedTwice,
                storeEqualsSimulator,
                killed = killRecords,
                resumed = resumeRecords,
            }, AssignBenchmark.Readable));

            // Each kill can leave at most the 5 requests in flight sent but unjournaled: they are sent again, harmlessly.
            var aimsMet = exit == 0 && killed == kills && resumes == kills && sameHostSawGoneAtOnce == sameHostResumes
                && (leaseKill == 0 || leaseRefused)
                && final.State == VppJobState.Completed && final.Assigned == expected && final.Pending == 0
                && storeEqualsSimulator && assignedTwice == 0 && simulatorAssignments == expected
                && associateRequests >= minimumRequests && associateRequests <= minimumRequests + 5L * kills && peakInFlight <= 5;
            return aimsMet ? 0 : 1;
        }
        finally
        {
            foreach (var worker in workers) worker.Dispose();
            host.StandardInput.WriteLine("QUIT");
            host.WaitForExit(10_000);
            host.Dispose();
            bench?.Dispose();
        }
    }

    /// <summary>
    /// Draws the next kill point: a delay after the worker started its run, or just after Apple accepted
    /// the n-th associate request of this attempt (n within twice the fair share of the requests left).
    /// </summary>
    private static (string Point, Func<WorkerProcess, Task> Wait) NextKillPoint(Random random, VppStore store, string jobId, int minimumRequests,
        int killsLeft, int maxDelayMs, Process host)
    {
        if (random.Next(2) == 0)
        {
            var delay = random.Next(0, maxDelayMs);
            return ($"{delay} ms into its run", _ => Task.Delay(delay));
        }

        var left = Math.Max(1, minimumRequests - AppliedBatches(store, jobId));
        var n = 1 + random.Next(Math.Max(1, 2 * left / (killsLeft + 1)));
        var offset = random.Next(0, 20);
        return ($"Apple accepted associate request {n} of the attempt, +{offset} ms", async worker =>
        {
            var before = long.Parse(SimulatorHost.Ask(host, "COUNT POST assets/associate").Split(' ')[1], CultureInfo.InvariantCulture);
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!worker.HasExited && DateTime.UtcNow < deadline
                   && long.Parse(SimulatorHost.Ask(host, "COUNT POST assets/associate").Split(' ')[1], CultureInfo.InvariantCulture) < before + n)
            {
                await Task.Delay(1);
            }

            await Task.Delay(offset);
        });
    }

    private static string OwnerIn(string jobLine) =>
        jobLine.Split(' ').First(w => w.StartsWith("owner=", StringComparison.Ordinal)).Substring("owner=".Length);

    /// <summary>The job's requests by journal state: "Applied 45, Pending 150, Submitted 5".</summary>
    private static string BatchStates(VppStore store, string jobId)
    {
        using var command = store.Connection.CreateCommand(null, "SELECT state, COUNT(*) FROM job_batches WHERE job_id = @job GROUP BY state ORDER BY state;");
        command.AddParameter("@job", jobId);
        using var reader = command.ExecuteReader();
        var parts = new List<string>();
        while (reader.Read()) parts.Add($"{reader.GetString(0)} {Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture)}");
        return string.Join(", ", parts);
    }

    private static int AppliedBatches(VppStore store, string jobId)
    {
        using var command = store.Connection.CreateCommand(null, "SELECT COUNT(*) FROM job_batches WHERE job_id = @job AND state = @applied;");
        command.AddParameter("@job", jobId);
        command.AddParameter("@applied", JobBatch.Applied);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static long DistinctAssignments(VppStore store, string adamId)
    {
        using var command = store.Connection.CreateCommand(null,
            "SELECT COUNT(*) FROM (SELECT DISTINCT client_user_id, serial_number FROM assignments WHERE adam_id = @adam) AS pairs;");
        command.AddParameter("@adam", adamId);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static double Round(double value) => Math.Round(value, 3);
}
