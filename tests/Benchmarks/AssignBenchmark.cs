using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Sync;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Benchmarks;

/// <summary>
/// One bulk assignment of one app to many devices into a freshly synced store, over loopback HTTP
/// against the simulator in a child process: plan, journal, run. Then the planner alone on a
/// million targets. Prints one JSON line.
///   assign --devices 100000 --licenses 120000 [--plan-targets 1000000] [--apple-licenses N]
/// --apple-licenses: after the sync Apple's count drops to N, so the run meets Apple's asynchronous
/// refusals (9709) for the surplus, as when another process took licenses since the last sync.
/// --latency-ms N: every request to Apple's API costs N ms; the line then gives the network floor
/// (the run's requests, 5 at a time, N ms each; events complete at once, so no wait is imposed).
/// </summary>
public static class AssignBenchmark
{
    private const string AdamId = "1000000001";

    public static async Task<int> RunAsync(Arguments options)
    {
        var devices = options.Int("devices", 100_000);
        var licenses = options.Int("licenses", 120_000);
        var planTargets = options.Int("plan-targets", 1_000_000);
        var appleLicenses = options.Int("apple-licenses", licenses);
        var latencyMs = options.Int("latency-ms", 0);

        // An empty location: the only asset is the one assigned here.
        var hostArguments = new Arguments(new[] { Command, "--assets", "0", "--assignments", "0", "--users", "0", "--latency-ms", latencyMs.ToString(CultureInfo.InvariantCulture) }, 1);
        var (host, baseUri, tokenContent) = SimulatorHost.Start(hostArguments);
        var folder = Path.Combine(Path.GetTempPath(), "vpp-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            SimulatorHost.Ask(host, $"ASSET {AdamId} {licenses}");
            var limits = ReadLimits(SimulatorHost.Ask(host, "LIMITS"));
            var storePath = Path.Combine(folder, "vpp.db");
            var tokenPath = Path.Combine(folder, "benchmark.vpptoken");
            File.WriteAllText(tokenPath, tokenContent);

            double planAssignSeconds;
            double journalSeconds;
            double runSeconds;
            long peakWorkingSet;
            VppJob job;
            IReadOnlyDictionary<BatchOperation, int> sent;
            int planned;
            using (var store = VppStore.Open(StoreLocation.Resolve(storePath, null)))
            {
                var catalog = new TokenCatalog(store);
                var token = catalog.Add(NewTokenRequest.Create(TokenSource.FromFile(tokenPath), "Benchmark", "bench@contoso.com", "US",
                    AccountType.Business, false, true, DateTimeOffset.UtcNow, baseUri.AbsoluteUri));
                await new TokenSync(store).SyncAsync(token, true, null, 1, CancellationToken.None);
                token = catalog.Get(token.TokenId);
                if (appleLicenses < licenses)
                {
                    // Apple has fewer licenses than the store last saw (another system used them): Apple refuses the surplus with 9709.
                    SimulatorHost.Ask(host, $"TOTAL {AdamId} {appleLicenses}");
                }

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
            }

            var associateRequests = long.Parse(SimulatorHost.Ask(host, "COUNT POST assets/associate").Split(' ')[1], CultureInfo.InvariantCulture);
            var statusPolls = long.Parse(SimulatorHost.Ask(host, "COUNT GET status").Split(' ')[1], CultureInfo.InvariantCulture);
            var latentRequests = long.Parse(SimulatorHost.Ask(host, "LATENT").Split(' ')[1], CultureInfo.InvariantCulture);
            var networkFloor = SyncBenchmark.NetworkFloor(latentRequests, latencyMs);
            var stats = SimulatorHost.Ask(host, "STATS").Split(' ');
            var peakInFlight = int.Parse(stats[1], CultureInfo.InvariantCulture);
            var simulatorAssignments = long.Parse(stats[3], CultureInfo.InvariantCulture);
            var asset = SimulatorHost.Ask(host, $"ASSET-STATE {AdamId}").Split(' ');
            var (storeAssignments, storeAssigned, storeAvailable) = StoreCounts(storePath);
            var storeEqualsSimulator = storeAssignments == simulatorAssignments
                && storeAssigned == long.Parse(asset[2], CultureInfo.InvariantCulture)
                && storeAvailable == long.Parse(asset[3], CultureInfo.InvariantCulture);
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
            }));
            var aimsMet = storeEqualsSimulator && planned == Math.Min(devices, licenses) && job.Assigned == Math.Min(planned, appleLicenses) && associateRequests == minimumRequests && peakInFlight <= 5;
            return aimsMet ? 0 : 1;
        }
        finally
        {
            host.StandardInput.WriteLine("QUIT");
            host.WaitForExit(10_000);
            host.Dispose();
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
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
    private static ServiceLimits ReadLimits(string line)
    {
        var values = line.Split(' ').Skip(1).Select(p => p.Split('='))
            .ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture));
        return new ServiceLimits(values);
    }

    private static (long Assignments, long Assigned, long Available) StoreCounts(string storePath)
    {
        using var connection = new SqliteConnection($"Data Source={storePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM assignments WHERE adam_id = $adam), assigned_count, available_count FROM assets WHERE adam_id = $adam;";
        command.Parameters.AddWithValue("$adam", AdamId);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static double Round(double value) => Math.Round(value, 3);
}
