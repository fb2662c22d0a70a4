using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Sync;

namespace VppPowerShell.Benchmarks;

/// <summary>
/// The nightly sync of many tokens: a first (full) sync of every token of a <see cref="ManyTokenWorld"/>
/// into one store, -ThrottleLimit tokens at a time through the runner Sync-VppToken uses, against the
/// network floor (with --latency-ms) and the store floor (the time the engine alone needs to write the same rows).
///   sync --tokens N --assets N --assignments N --users N [--latency-ms N] [--throttle-limit N] [--store sqlite|postgres]
/// </summary>
public static class ManyTokenSyncBenchmark
{
    public static async Task<int> RunAsync(Arguments options)
    {
        var latencyMs = options.Int("latency-ms", 0);
        var throttle = options.Int("throttle-limit", VppPowerShell.Commands.SyncVppTokenCommand.DefaultThrottleLimit);
        using var world = ManyTokenWorld.Start(options);
        using var bench = BenchmarkStore.Create(options);
        using var store = bench.Open();
        var tokens = world.AddTokens(store, bench.Folder);
        world.ResetStatistics();
        var failures = new ConcurrentQueue<string>();
        long requests = 0;
        GC.Collect();
        var watch = Stopwatch.StartNew();
        await ParallelTokens.RunAsync(bench.Location, tokens, throttle,
            (tokenStore, token, cancellation) => new TokenSync(tokenStore).SyncAsync(token, true, null, 1, cancellation),
            (token, task) =>
            {
                if (task.Status == TaskStatus.RanToCompletion) Interlocked.Add(ref requests, task.Result.Requests);
                else failures.Enqueue($"{token.Name}: {task.Exception?.GetBaseException().Message}");
            },
            CancellationToken.None);
        var seconds = watch.Elapsed.TotalSeconds;
        long peakWorkingSet;
        using (var self = Process.GetCurrentProcess()) peakWorkingSet = self.PeakWorkingSet64;

        var floor = NetworkFloor(world, tokens.Count, throttle, latencyMs);
        var (assignments, users) = world.Totals();
        var (storedAssignments, storedUsers) = SyncBenchmark.CountRows(store);
        using var sibling = bench.Sibling();
        var storeFloor = StoreFloor.Measure(store, sibling);
        var verified = failures.IsEmpty && storedAssignments == assignments && storedUsers == users;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "sync",
            store = bench.Engine.ToString(),
            tokens = tokens.Count,
            throttleLimit = throttle,
            assignments = storedAssignments,
            users = storedUsers,
            seconds = Round(seconds),
            requests,
            peakWorkingSetMB = Math.Round(peakWorkingSet / 1024.0 / 1024.0, 1),
            latencyMs,
            criticalPathRequestsPerToken = floor.RoundsPerToken,
            networkFloorSeconds = Round(floor.Seconds),
            ratioToNetworkFloor = latencyMs > 0 ? Round(seconds / floor.Seconds) : (double?)null,
            storeFloorSeconds = Round(storeFloor),
            ratioToStoreFloor = Round(seconds / storeFloor),
            peakInFlightPerToken = world.PeakInFlightPerToken(),
            peakInFlight = world.PeakInFlight(),
            failedTokens = failures.Count,
            firstFailure = failures.TryPeek(out var first) ? first : null,
            storeEqualsSimulator = verified,
        }));
        return verified ? 0 : 1;
    }

    /// <summary>
    /// The least time the sync can take on the wire. Within one token, checking the token (GET
    /// client/config) comes first and the claim (POST client/config) needs its answer; the reads
    /// (assets, assignments, users pages) need nothing from each other's answers, so at Apple's 5 in
    /// flight they take at least ceil(reads / 5) round trips. A token's critical path is therefore
    /// checks + claims + ceil(reads / 5) round trips, from the requests the simulator counted per
    /// token. Tokens run ThrottleLimit at a time, and every token is the same size, so they take at
    /// least ceil(tokens / ThrottleLimit) of those paths one after another; each round trip costs the latency.
    /// </summary>
    private static (long RoundsPerToken, double Seconds) NetworkFloor(ManyTokenWorld world, int tokens, int throttle, int latencyMs)
    {
        double PerToken(string endpoint) => world.Requests(endpoint) / (double)tokens;
        var reads = PerToken("GET assets") + PerToken("GET assignments") + PerToken("GET users");
        var rounds = (long)Math.Ceiling(PerToken("GET client/config")) + (long)Math.Ceiling(PerToken("POST client/config"))
            + (long)Math.Ceiling(reads / AppleClientOptions.MaxInFlightPerToken);
        var waves = (long)Math.Ceiling(tokens / (double)throttle);
        return (rounds, waves * rounds * latencyMs / 1000.0);
    }

    private static double Round(double value) => Math.Round(value, 3);
}
