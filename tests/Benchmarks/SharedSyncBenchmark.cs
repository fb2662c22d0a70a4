using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Tests.Workers;

namespace VppPowerShell.Benchmarks;

/// <summary>
/// The nightly sync of many tokens run by several workers on one shared store (R-T10), against one
/// worker doing it alone, in the same run:
///   sync --tokens N --assets N --assignments N --users N --workers W [--latency-ms N] [--throttle-limit N] [--store postgres|sqlite]
/// Two identical <see cref="ManyTokenWorld"/>s, each with a store of its own (a location belongs to one
/// store): one worker process syncs the first world's tokens, then W worker processes started at once
/// sync the second's, each over every token as a scheduled runbook would. Each worker runs the tokens
/// -ThrottleLimit at a time through the runner Sync-VppToken uses. Reports both times, the speed-up, how
/// many tokens were synced exactly once, twice or never, and whether each store holds what its simulator does.
/// </summary>
public static class SharedSyncBenchmark
{
    public static async Task<int> RunAsync(Arguments options)
    {
        var workers = options.Int("workers", 4);
        var throttle = options.Int("throttle-limit", VppPowerShell.Commands.SyncVppTokenCommand.DefaultThrottleLimit);
        var alone = await RunWorldAsync(options, 1, throttle);
        var shared = await RunWorldAsync(options, workers, throttle);
        var verified = alone.Verified && shared.Verified && shared.SyncedTwice == 0 && shared.NeverSynced == 0 && alone.SyncedTwice == 0;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "sync",
            store = shared.Engine.ToString(),
            tokens = shared.Tokens,
            workers,
            throttleLimit = throttle,
            latencyMs = options.Int("latency-ms", 0),
            oneWorkerSeconds = Round(alone.Seconds),
            seconds = Round(shared.Seconds),
            speedUp = Round(alone.Seconds / shared.Seconds),
            tokensSyncedExactlyOnce = shared.SyncedOnce,
            tokensSyncedTwice = shared.SyncedTwice,
            tokensNeverSynced = shared.NeverSynced,
            tokensLeftToAnotherWorker = shared.Left,
            syncedPerWorker = shared.SyncedPerWorker,
            oneWorkerRequests = alone.Requests,
            requests = shared.Requests,
            peakInFlightPerToken = shared.PeakInFlightPerToken,
            storeEqualsSimulator = alone.Verified && shared.Verified,
        }));
        return verified ? 0 : 1;
    }

    private static async Task<WorldRun> RunWorldAsync(Arguments options, int workers, int throttle)
    {
        using var world = ManyTokenWorld.Start(options);
        using var bench = BenchmarkStore.Create(options);
        IReadOnlyList<VppToken> tokens;
        using (var store = bench.Open()) tokens = world.AddTokens(store, bench.Folder);
        world.ResetStatistics();

        var clock = Stopwatch.StartNew();
        var since = DateTimeOffset.UtcNow;
        var arguments = new[]
        {
            SyncWorker.Command, "--store", bench.Address, "--since", since.ToString("O", CultureInfo.InvariantCulture),
            "--throttle", throttle.ToString(CultureInfo.InvariantCulture), "--wait-go",
        };
        var processes = Enumerable.Range(0, workers).Select(_ => WorkerProcess.Start(arguments, bench.KeyText, clock)).ToList();
        double seconds;
        try
        {
            await WorkerProcess.GoTogetherAsync(processes, TimeSpan.FromMinutes(5));
            var go = clock.Elapsed;
            var exits = await Task.WhenAll(processes.Select(w => w.WaitForExitAsync(TimeSpan.FromHours(1))));
            seconds = (clock.Elapsed - go).TotalSeconds;
            for (var k = 0; k < workers; k++)
            {
                if (exits[k] != 0) Console.Error.WriteLine($"worker {k} failed:\n{processes[k].Output}");
            }
        }
        finally
        {
            foreach (var worker in processes) worker.Dispose();
        }

        var syncedBy = processes.Select(w => w.Lines.Where(l => l.StartsWith("SYNCED ", StringComparison.Ordinal))
            .Select(l => int.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture)).ToList()).ToList();
        var times = syncedBy.SelectMany(ids => ids).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        bool verified;
        using (var store = bench.Open())
        {
            var (assignments, users) = world.Totals();
            var stored = SyncBenchmark.CountRows(store);
            verified = stored == (assignments, users)
                       && new TokenCatalog(store).Find().All(t => t.SyncState == SyncState.Completed);
        }

        return new WorldRun(
            bench.Engine, tokens.Count, seconds,
            SyncedOnce: tokens.Count(t => times.TryGetValue(t.TokenId, out var n) && n == 1),
            SyncedTwice: times.Values.Count(n => n > 1),
            NeverSynced: tokens.Count(t => !times.ContainsKey(t.TokenId)),
            Left: processes.Sum(w => w.Lines.Count(l => l.StartsWith("LEFT ", StringComparison.Ordinal))),
            SyncedPerWorker: syncedBy.Select(ids => ids.Count).ToArray(),
            Requests: world.LatentRequests(),
            PeakInFlightPerToken: world.PeakInFlightPerToken(),
            Verified: verified);
    }

    private static double Round(double value) => Math.Round(value, 3);

    private sealed record WorldRun(StoreEngine Engine, int Tokens, double Seconds, int SyncedOnce, int SyncedTwice, int NeverSynced, int Left,
        int[] SyncedPerWorker, long Requests, int PeakInFlightPerToken, bool Verified);
}
