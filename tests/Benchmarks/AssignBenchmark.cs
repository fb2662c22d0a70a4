using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Sync;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Tests.Workers;

namespace VppPowerShell.Benchmarks;

/// <summary>
/// One bulk assignment of one app to many devices into a freshly synced store, over loopback HTTP
/// against the simulator in a child process: plan, journal, run. Then the planner alone on a
/// million targets. Prints one JSON line.
///   assign --devices 100000 --licenses 120000 [--plan-targets 1000000] [--apple-licenses N] [--store sqlite|postgres]
/// --apple-licenses: after the sync Apple's count drops to N, so the run meets Apple's asynchronous
/// refusals (9709) for the surplus, as when another process took licenses since the last sync.
/// --latency-ms N: every request to Apple's API costs N ms; the line then gives the network floor
/// (the run's requests, 5 at a time, N ms each; events complete at once, so no wait is imposed).
/// --store: the store's engine (see <see cref="BenchmarkStore"/>).
/// --workers N (N ≥ 2): after the sync, N worker processes (tests/AssignWorker), each with its own store
/// connection, plan, journal and run one job each on their share of the devices (contiguous slices),
/// started at the same moment; see <see cref="RunWorkersAsync"/>.
/// --overlap F (0 ≤ F &lt; 1, with --workers): consecutive workers' slices share the fraction F of a slice,
/// the devices being their union (2 workers, 0.5: each is given two thirds, the middle third by both).
/// Give --licenses equal to --devices for a pool the union exhausts.
/// </summary>
public static class AssignBenchmark
{
    internal const string AdamId = "1000000001";

    /// <summary>JSON for people: quotes and plus signs as they are (the lines carry free text).</summary>
    internal static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<int> RunAsync(Arguments options)
    {
        var devices = options.Int("devices", 100_000);
        var licenses = options.Int("licenses", 120_000);
        var planTargets = options.Int("plan-targets", 1_000_000);
        var appleLicenses = options.Int("apple-licenses", licenses);
        var latencyMs = options.Int("latency-ms", 0);
        var workers = options.Int("workers", 1);
        var overlap = double.Parse(options.Text("overlap") ?? "0", CultureInfo.InvariantCulture);

        // An empty location: the only asset is the one assigned here.
        var hostArguments = new Arguments(new[] { Command, "--assets", "0", "--assignments", "0", "--users", "0", "--latency-ms", latencyMs.ToString(CultureInfo.InvariantCulture) }, 1);
        var (host, baseUri, tokenContent) = SimulatorHost.Start(hostArguments);
        BenchmarkStore? bench = null;
        try
        {
            bench = BenchmarkStore.Create(options);
            SimulatorHost.Ask(host, $"ASSET {AdamId} {licenses}");
            var limits = ReadLimits(SimulatorHost.Ask(host, "LIMITS"));
            var tokenPath = Path.Combine(bench.Folder, "benchmark.vpptoken");
            File.WriteAllText(tokenPath, tokenContent);

            if (workers > 1)
            {
                return await RunWorkersAsync(bench, host, baseUri, tokenPath, workers, devices, licenses, appleLicenses, limits, overlap);
            }

            double planAssignSeconds;
            double journalSeconds;
            double runSeconds;
            long peakWorkingSet;
            VppJob job;
            IReadOnlyDictionary<BatchOperation, int> sent;
            int planned;
            (long Assignments, long Assigned, long Available) counts;
            string storeDigest;
            using (var store = bench.Open())
            {
                var token = await AddAndSyncAsync(store, host, baseUri, tokenPath, licenses, appleLicenses);
                SimulatorHost.Ask(host, "RESET");

                var targets = Enumerable.Range(0, devices)
                    .Select(i => new TargetRequest("SN" + i.ToString("D8", CultureInfo.InvariantCulture), LicenseType.Device, true)).ToList();
                var service = new LicensingService(store);
                GC.Collect();

                var watch = Stopwatch.StartNew();
                var plan = await service.PlanAssignAsync(token, new[] { (AdamId, "STDQ") }, targets, AssignmentIntent.Required, CancellationToken.None);
                planAssignSeconds = watch.Elapsed.TotalSeconds;
                planned = plan.Count(PlannedAction.Associate);

                watch.Restart();
                var jobId = service.Journal("Assign", token, $"benchmark: {AdamId} to {devices} devices", plan);
                journalSeconds = watch.Elapsed.TotalSeconds;

                watch.Restart();
                job = await service.RunAsync(jobId, false, null, 1, CancellationToken.None);
                runSeconds = watch.Elapsed.TotalSeconds;
                sent = service.LastRunRequests;
                using var self = Process.GetCurrentProcess();
                peakWorkingSet = self.PeakWorkingSet64;
                counts = StoreCounts(store);
                storeDigest = StoreDigest(store);
            }

            var associateRequests = long.Parse(SimulatorHost.Ask(host, "COUNT POST assets/associate").Split(' ')[1], CultureInfo.InvariantCulture);
            var statusPolls = long.Parse(SimulatorHost.Ask(host, "COUNT GET status").Split(' ')[1], CultureInfo.InvariantCulture);
            var latentRequests = long.Parse(SimulatorHost.Ask(host, "LATENT").Split(' ')[1], CultureInfo.InvariantCulture);
            var networkFloor = SyncBenchmark.NetworkFloor(latentRequests, latencyMs);
            var stats = SimulatorHost.Ask(host, "STATS").Split(' ');
            var peakInFlight = int.Parse(stats[1], CultureInfo.InvariantCulture);
            var simulatorAssignments = long.Parse(stats[3], CultureInfo.InvariantCulture);
            var storeAssignments = counts.Assignments;
            var storeEqualsSimulator = StoreEqualsSimulator(host, counts, storeDigest, simulatorAssignments);
            var minimumRequests = LicensePlanner.MinimumRequests(devices, 0, 1, limits);
            var (planSeconds, planCpuSeconds, planBatches) = MeasurePlanner(planTargets, limits);

            Console.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = "assign",
                targets = devices,
                licenses,
                appleLicenses,
                assigned = job.Assigned,
                failed = job.Failed,
                state = job.State.ToString(),
                seconds = Round(planAssignSeconds + journalSeconds + runSeconds),
                planAssignSeconds = Round(planAssignSeconds),
                journalSeconds = Round(journalSeconds),
                runSeconds = Round(runSeconds),
                associateRequests,
                statusPolls,
                latencyMs,
                latentRequests,
                networkFloorSeconds = Round(networkFloor),
                ratioToNetworkFloor = latencyMs > 0 ? Round((planAssignSeconds + journalSeconds + runSeconds) / networkFloor) : (double?)null,
                sentAssociate = sent.TryGetValue(BatchOperation.Associate, out var a) ? a : 0,
                minimumRequests,
                peakInFlight,
                peakWorkingSetMB = Math.Round(peakWorkingSet / 1024.0 / 1024.0, 1),
                planTargets,
                planSeconds = Round(planSeconds),
                planCpuSeconds = Round(planCpuSeconds),
                planBatches,
                simulatorAssignments,
                storeAssignments,
                storeEqualsSimulator,
                store = bench.Engine == StoreEngine.Sqlite ? "sqlite" : "postgres",
            }));
            var aimsMet = storeEqualsSimulator && planned == Math.Min(devices, licenses) && job.Assigned == Math.Min(planned, appleLicenses) && associateRequests == minimumRequests && peakInFlight <= 5;
            return aimsMet ? 0 : 1;
        }
        finally
        {
            host.StandardInput.WriteLine("QUIT");
            host.WaitForExit(10_000);
            host.Dispose();
            bench?.Dispose();
        }
    }

    private const string Command = SimulatorHost.Command;

    /// <summary>
    /// The planner alone: one pool with 1.2 × targets free, every target a device that holds nothing yet.
    /// Wall time, and the process's CPU time over the same span (the planner's thread and the garbage
    /// collector's: on a busy machine the wall time also holds time given to other processes).
    /// </summary>
    private static (double Seconds, double CpuSeconds, int Batches) MeasurePlanner(int count, ServiceLimits limits)
    {
        var context = new PlanningContext(limits, _ => false);
        PoolState Pool(int available) => new(1, AdamId, "STDQ", "App", true, true, available, new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        List<TargetRequest> Targets(int n) => Enumerable.Range(0, n)
            .Select(i => new TargetRequest("SN" + i.ToString("D8", CultureInfo.InvariantCulture), LicenseType.Device, true)).ToList();

        // Warm up (JIT) on a small plan, then time the large one only.
        LicensePlanner.PlanAssignments(new[] { Pool(1200) }, Targets(1000), AssignmentIntent.Required, context);
        var pools = new[] { Pool(count + count / 5) };
        var targets = Targets(count);
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var plan = LicensePlanner.PlanAssignments(pools, targets, AssignmentIntent.Required, context);
        var seconds = watch.Elapsed.TotalSeconds;
        self.Refresh();
        return (seconds, (self.TotalProcessorTime - cpu).TotalSeconds, plan.Batches.Count);
    }

    /// <summary>
    /// The limits the simulator publishes, as the client reads them.
    /// </summary>
    internal static ServiceLimits ReadLimits(string line)
    {
        var values = line.Split(' ').Skip(1).Select(p => p.Split('='))
            .ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture));
        return new ServiceLimits(values);
    }

    /// <summary>Adds the benchmark's token and syncs it; then Apple's count drops to appleLicenses if that is fewer.</summary>
    internal static async Task<VppToken> AddAndSyncAsync(VppStore store, Process host, Uri baseUri, string tokenPath, int licenses, int appleLicenses)
    {
        var catalog = new TokenCatalog(store);
        var token = catalog.Add(NewTokenRequest.Create(TokenSource.FromFile(tokenPath), "Benchmark", "bench@contoso.com", "US",
            AccountType.Business, false, true, DateTimeOffset.UtcNow, baseUri.AbsoluteUri));
        await new TokenSync(store).SyncAsync(token, true, null, 1, CancellationToken.None);
        if (appleLicenses < licenses)
        {
            // Apple has fewer licenses than the store last saw (another system used them): Apple refuses the surplus with 9709.
            SimulatorHost.Ask(host, $"TOTAL {AdamId} {appleLicenses}");
        }

        return catalog.Get(token.TokenId);
    }

    /// <summary>
    /// N workers in N processes, each with its own store connection, split the devices into contiguous
    /// slices and each plans, journals and runs its own job, all told to go at the same moment once
    /// every one has warmed up. On PostgreSQL they share Apple's 5-in-flight cap for the token through
    /// the database's advisory locks. Checks: no target is Done in two jobs, Apple holds exactly the
    /// expected assignments and the store equals Apple (counts and the set of assignments), the token
    /// never had more than 5 requests in flight at Apple, and the requests sent are the fewest Apple
    /// allows for the split (each job ends with its own partial batch, so the split's minimum can be
    /// above the whole set's: both are given, and the split's is the one compared).
    /// With overlapping slices (R-L8): no (asset, target) pair reaches Apple twice (targetsSentTwice, the
    /// simulator's count), and no target is refused for want of a license it did not need
    /// (falseNoLicenseAvailable: targets refused NoLicenseAvailable that hold a license at the end, plus
    /// licenses left free while targets of the union went without).
    /// </summary>
    private static async Task<int> RunWorkersAsync(BenchmarkStore bench, Process host, Uri baseUri, string tokenPath, int workers,
        int devices, int licenses, int appleLicenses, ServiceLimits limits, double overlap)
    {
        int tokenId;
        using (var store = bench.Open())
        {
            tokenId = (await AddAndSyncAsync(store, host, baseUri, tokenPath, licenses, appleLicenses)).TokenId;
        }

        SimulatorHost.Ask(host, "RESET");
        var clock = Stopwatch.StartNew();
        var shares = Shares(devices, workers, overlap);
        var processes = shares.Select((share, k) => WorkerProcess.Start(new[]
        {
            "--store", bench.Address, "--token-id", tokenId.ToString(CultureInfo.InvariantCulture), "--adam-id", AdamId,
            "--devices", share.Count.ToString(CultureInfo.InvariantCulture), "--first", share.First.ToString(CultureInfo.InvariantCulture),
            "--name", $"benchmark worker {k}", "--wait-go",
        }, bench.KeyText, clock)).ToList();
        try
        {
            await WorkerProcess.GoTogetherAsync(processes, TimeSpan.FromMinutes(5));
            var go = clock.Elapsed;
            var exits = await Task.WhenAll(processes.Select(w => w.WaitForExitAsync(TimeSpan.FromMinutes(30))));
            for (var k = 0; k < workers; k++)
            {
                if (exits[k] != 0) Console.Error.WriteLine($"worker {k} failed:\n{processes[k].Output}");
            }

            var perWorker = processes.Select((w, k) =>
            {
                var run = w.Find("RUN");
                var done = w.Find("DONE");
                var fields = done is null ? new Dictionary<string, string>() : Fields(done.Value.Line);
                var parts = done?.Line.Split(' ');
                return new
                {
                    worker = k,
                    exitCode = exits[k],
                    job = run?.Line.Split(' ')[1],
                    state = parts?[2],
                    first = shares[k].First,
                    devices = shares[k].Count,
                    assigned = fields.TryGetValue("assigned", out var assigned) ? int.Parse(assigned, CultureInfo.InvariantCulture) : 0,
                    failed = fields.TryGetValue("failed", out var failed) ? int.Parse(failed, CultureInfo.InvariantCulture) : 0,
                    planSeconds = Number(fields, "planSeconds"),
                    journalSeconds = Number(fields, "journalSeconds"),
                    runSeconds = Number(fields, "runSeconds"),
                    associateRequests = fields.TryGetValue("associateRequests", out var sentByWorker) ? int.Parse(sentByWorker, CultureInfo.InvariantCulture) : 0,
                    seconds = done is null ? (double?)null : Round((done.Value.At - go).TotalSeconds),
                    runFrom = run is null ? (double?)null : (run.Value.At - go).TotalSeconds,
                    runTo = done is null ? (double?)null : (done.Value.At - go).TotalSeconds,
                };
            }).ToList();
            var seconds = perWorker.Max(w => w.runTo ?? 0);
            // How long every worker's run was under way at once: the stretch where the shared cap was really shared.
            var runsTogether = Math.Max(0, perWorker.Min(w => w.runTo ?? 0) - perWorker.Max(w => w.runFrom ?? 0));

            var associateRequests = long.Parse(SimulatorHost.Ask(host, "COUNT POST assets/associate").Split(' ')[1], CultureInfo.InvariantCulture);
            var statusPolls = long.Parse(SimulatorHost.Ask(host, "COUNT GET status").Split(' ')[1], CultureInfo.InvariantCulture);
            var peakInFlight = int.Parse(SimulatorHost.Ask(host, "PEAK-TOKEN").Split(' ')[1], CultureInfo.InvariantCulture);
            var simulatorAssignments = long.Parse(SimulatorHost.Ask(host, "STATS").Split(' ')[3], CultureInfo.InvariantCulture);

            (long Assignments, long Assigned, long Available) counts;
            string storeDigest;
            long countedTwice;
            long doneAssociations;
            List<long> plannedPerJob;
            long refusedYetAssigned;
            long leftToOtherJobs;
            using (var store = bench.Open())
            {
                counts = StoreCounts(store);
                storeDigest = StoreDigest(store);
                (countedTwice, doneAssociations) = TargetsDoneTwice(store, tokenId);
                plannedPerJob = PlannedAssociations(store, tokenId);
                (refusedYetAssigned, leftToOtherJobs) = OverlapOutcomes(store, tokenId);
            }

            var pairs = SimulatorHost.Ask(host, "PAIRS").Split(' ');
            var targetsSentTwice = long.Parse(pairs[2], CultureInfo.InvariantCulture);

            var storeEqualsSimulator = StoreEqualsSimulator(host, counts, storeDigest, simulatorAssignments);
            var minimumWhole = LicensePlanner.MinimumRequests((int)plannedPerJob.Sum(), 0, 1, limits);
            var minimumSplit = plannedPerJob.Sum(p => LicensePlanner.MinimumRequests((int)p, 0, 1, limits));
            var expected = Math.Min(devices, Math.Min(licenses, appleLicenses));
            var assigned = perWorker.Sum(w => w.assigned);
            var falseNoLicenseAvailable = refusedYetAssigned + Math.Max(0, expected - simulatorAssignments);

            Console.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = "assign",
                store = bench.Engine == StoreEngine.Sqlite ? "sqlite" : "postgres",
                workers,
                overlap,
                targets = devices,
                licenses,
                appleLicenses,
                assigned,
                failed = perWorker.Sum(w => w.failed),
                seconds = Round(seconds),
                overlapSeconds = Round(runsTogether),
                perWorker = perWorker.Select(w => new
                {
                    w.worker, w.exitCode, w.job, w.state, w.first, w.devices, w.assigned, w.failed,
                    w.planSeconds, w.journalSeconds, w.runSeconds, w.seconds, w.associateRequests,
                }),
                associateRequests,
                minimumRequests = minimumSplit,
                minimumRequestsComparedWith = "split: the sum of each job's own minimum (each job may end with a partial batch)",
                minimumRequestsWholeSet = minimumWhole,
                statusPolls,
                peakInFlight,
                simulatorAssignments,
                storeAssignments = counts.Assignments,
                doneAssociations,
                targetsCountedTwice = countedTwice,
                targetsSentTwice,
                leftToOtherJobs,
                falseNoLicenseAvailable,
                storeEqualsSimulator,
            }, Readable));
            var aimsMet = exits.All(e => e == 0) && perWorker.All(w => w.state == nameof(VppJobState.Completed))
                && storeEqualsSimulator && countedTwice == 0 && targetsSentTwice == 0 && falseNoLicenseAvailable == 0 && simulatorAssignments == expected && doneAssociations == expected && assigned == expected
                && associateRequests == minimumSplit && peakInFlight <= 5;
            return aimsMet ? 0 : 1;
        }
        finally
        {
            foreach (var worker in processes) worker.Dispose();
        }
    }

    /// <summary>
    /// Contiguous slices of the devices, one per worker, consecutive ones sharing the fraction
    /// <paramref name="overlap"/> of a slice; together they are every device once.
    /// </summary>
    private static List<(int First, int Count)> Shares(int devices, int workers, double overlap)
    {
        var size = devices / (workers - (workers - 1) * overlap);
        var step = size * (1 - overlap);
        return Enumerable.Range(0, workers)
            .Select(k => (First: (int)Math.Round(k * step), Last: k == workers - 1 ? devices : (int)Math.Round(k * step + size)))
            .Select(s => (s.First, s.Last - s.First))
            .ToList();
    }

    /// <summary>
    /// Targets refused NoLicenseAvailable by some job (before sending, or by Apple) that hold a license
    /// of the asset at the end, and the targets left to another job.
    /// </summary>
    internal static (long RefusedYetAssigned, long LeftToOtherJobs) OverlapOutcomes(VppStore store, int tokenId, string adamId = AdamId)
    {
        var refused = new HashSet<string>(StringComparer.Ordinal);
        long left = 0;
        var service = new LicensingService(store);
        foreach (var job in service.Jobs(tokenId: tokenId))
        {
            left += job.LeftToOtherJobs;
            foreach (var result in service.Results(job.JobId))
            {
                if (result.AdamId == adamId && result.ErrorId == VppErrorIds.NoLicenseAvailable) refused.Add(result.SerialNumber ?? result.ClientUserId!);
            }
        }

        if (refused.Count == 0) return (0, left);
        using var command = store.Connection.CreateCommand(null, "SELECT serial_number FROM assignments WHERE token_id = @token AND adam_id = @adam;");
        command.AddParameter("@token", tokenId);
        command.AddParameter("@adam", adamId);
        using var reader = command.ExecuteReader();
        long held = 0;
        while (reader.Read()) held += refused.Contains(reader.GetString(0)) ? 1 : 0;
        return (held, left);
    }

    /// <summary>The key=value words of a worker's line.</summary>
    private static Dictionary<string, string> Fields(string line) =>
        line.Split(' ').Where(w => w.Contains('=')).Select(w => w.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    private static double? Number(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// The asset's assignment rows, assigned and available counts as the store has them.
    /// </summary>
    internal static (long Assignments, long Assigned, long Available) StoreCounts(VppStore store, string adamId = AdamId)
    {
        using var command = store.Connection.CreateCommand(null,
            "SELECT (SELECT COUNT(*) FROM assignments WHERE adam_id = @adam), assigned_count, available_count FROM assets WHERE adam_id = @adam;");
        command.AddParameter("@adam", adamId);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture),
            Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture));
    }

    /// <summary>The store's assignments of the asset, as the simulator host's DIGEST gives Apple's: "count sha256".</summary>
    internal static string StoreDigest(VppStore store, string adamId = AdamId)
    {
        var pairs = new List<string>();
        using (var command = store.Connection.CreateCommand(null, "SELECT client_user_id, serial_number FROM assignments WHERE adam_id = @adam;"))
        {
            command.AddParameter("@adam", adamId);
            using var reader = command.ExecuteReader();
            while (reader.Read()) pairs.Add(reader.GetString(0) + "|" + reader.GetString(1));
        }

        pairs.Sort(StringComparer.Ordinal);
        return $"{pairs.Count} {SimulatorHost.Digest(pairs)}";
    }

    /// <summary>The store equals Apple for the asset: assigned and available counts, number of assignments, and the very same assignments.</summary>
    internal static bool StoreEqualsSimulator(Process host, (long Assignments, long Assigned, long Available) counts, string storeDigest,
        long simulatorAssignments, string adamId = AdamId)
    {
        var asset = SimulatorHost.Ask(host, $"ASSET-STATE {adamId}").Split(' ');
        var digest = SimulatorHost.Ask(host, $"DIGEST {adamId}").Substring("DIGEST ".Length);
        return counts.Assignments == simulatorAssignments
            && counts.Assigned == long.Parse(asset[2], CultureInfo.InvariantCulture)
            && counts.Available == long.Parse(asset[3], CultureInfo.InvariantCulture)
            && storeDigest == digest;
    }

    /// <summary>Targets whose association is Done in more than one of the token's jobs, and all Done associations.</summary>
    internal static (long Twice, long Done) TargetsDoneTwice(VppStore store, int tokenId, string adamId = AdamId)
    {
        using var command = store.Connection.CreateCommand(null,
            "SELECT COUNT(*) FROM (SELECT t.target, COUNT(*) AS n FROM job_targets t JOIN jobs j ON j.job_id = t.job_id " +
            "WHERE j.token_id = @token AND t.adam_id = @adam AND t.action = 'Associate' AND t.outcome = 'Done' GROUP BY t.target) AS done " +
            "WHERE n > 1;");
        command.AddParameter("@token", tokenId);
        command.AddParameter("@adam", adamId);
        var twice = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);

        using var all = store.Connection.CreateCommand(null,
            "SELECT COUNT(*) FROM job_targets t JOIN jobs j ON j.job_id = t.job_id WHERE j.token_id = @token AND t.adam_id = @adam AND t.action = 'Associate' AND t.outcome = 'Done';");
        all.AddParameter("@token", tokenId);
        all.AddParameter("@adam", adamId);
        return (twice, Convert.ToInt64(all.ExecuteScalar(), CultureInfo.InvariantCulture));
    }

    /// <summary>Targets each of the token's jobs planned to associate (what its requests carry).</summary>
    internal static List<long> PlannedAssociations(VppStore store, int tokenId)
    {
        using var command = store.Connection.CreateCommand(null,
            "SELECT COUNT(*) FROM job_targets t JOIN jobs j ON j.job_id = t.job_id WHERE j.token_id = @token AND t.action = 'Associate' GROUP BY t.job_id;");
        command.AddParameter("@token", tokenId);
        using var reader = command.ExecuteReader();
        var result = new List<long>();
        while (reader.Read()) result.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
        return result;
    }

    private static double Round(double value) => Math.Round(value, 3);
}
