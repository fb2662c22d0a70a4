using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Sync;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Benchmarks;

/// <summary>
/// A full sync into a fresh store over loopback HTTP, then an incremental sync after random
/// changes, against the time the store's engine alone needs to write the same rows (the floor:
/// prepared inserts in one transaction on SQLite, binary COPY on PostgreSQL).
///   sync --assets N --assignments N --users N [--changes N] [--store sqlite|postgres]
/// With --tokens N it is the sync of many tokens at once instead (<see cref="ManyTokenSyncBenchmark"/>), and with
/// --workers N as well, that sync shared by N worker processes against one alone (<see cref="SharedSyncBenchmark"/>).
/// </summary>
public static class SyncBenchmark
{
    public static async Task<int> RunAsync(Arguments options)
    {
        if (options.Text("workers") is not null) return await SharedSyncBenchmark.RunAsync(options);
        if (options.Text("tokens") is not null) return await ManyTokenSyncBenchmark.RunAsync(options);
        var changes = options.Int("changes", 1000);
        var latencyMs = options.Int("latency-ms", 0);
        var (host, baseUri, tokenContent) = SimulatorHost.Start(options);
        using var bench = BenchmarkStore.Create(options);
        try
        {
            var tokenPath = Path.Combine(bench.Folder, "benchmark.vpptoken");
            File.WriteAllText(tokenPath, tokenContent);
            SyncSummary full;
            SyncSummary incremental;
            long peakWorkingSet;
            long fullLatent;
            long storedAssignments;
            long storedUsers;
            double floor;
            using (var store = bench.Open())
            {
                var catalog = new TokenCatalog(store);
                var token = catalog.Add(NewTokenRequest.Create(TokenSource.FromFile(tokenPath), "Benchmark", "bench@contoso.com", "US",
                    AccountType.Business, false, true, DateTimeOffset.UtcNow, baseUri.AbsoluteUri));
                GC.Collect();
                full = await new TokenSync(store).SyncAsync(token, true, null, 1, CancellationToken.None);
                using (var self = Process.GetCurrentProcess()) peakWorkingSet = self.PeakWorkingSet64;
                fullLatent = long.Parse(SimulatorHost.Ask(host, "LATENT").Split(' ')[1], CultureInfo.InvariantCulture);

                SimulatorHost.Ask(host, $"CHANGE {changes}");
                incremental = await new TokenSync(store).SyncAsync(catalog.Get(token.TokenId), false, null, 1, CancellationToken.None);
                (storedAssignments, storedUsers) = CountRows(store);
                using var sibling = bench.Sibling();
                floor = StoreFloor.Measure(store, sibling);
            }

            var incrementalLatent = long.Parse(SimulatorHost.Ask(host, "LATENT").Split(' ')[1], CultureInfo.InvariantCulture);

            var stats = SimulatorHost.Ask(host, "STATS").Split(' ');
            var verified = storedAssignments == long.Parse(stats[3], CultureInfo.InvariantCulture)
                && storedUsers == long.Parse(stats[4], CultureInfo.InvariantCulture);
            var records = full.AssetsAdded + full.AssignmentsAdded + full.UsersAdded;

            Console.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = "sync",
                store = bench.Engine.ToString(),
                records,
                assets = full.AssetsAdded,
                assignments = full.AssignmentsAdded,
                users = full.UsersAdded,
                seconds = Round(full.Duration.TotalSeconds),
                recordsPerSecond = Math.Round(records / full.Duration.TotalSeconds),
                requests = full.Requests,
                peakWorkingSetMB = Math.Round(peakWorkingSet / 1024.0 / 1024.0, 1),
                storeFloorSeconds = Round(floor),
                ratioToFloor = Round(full.Duration.TotalSeconds / floor),
                latencyMs,
                latentRequests = fullLatent,
                networkFloorSeconds = Round(NetworkFloor(fullLatent, latencyMs)),
                ratioToNetworkFloor = latencyMs > 0 ? Round(full.Duration.TotalSeconds / NetworkFloor(fullLatent, latencyMs)) : (double?)null,
                changes,
                incrementalSeconds = Round(incremental.Duration.TotalSeconds),
                incrementalRequests = incremental.Requests,
                incrementalNetworkFloorSeconds = Round(NetworkFloor(incrementalLatent, latencyMs)),
                incrementalPeakInFlight = int.Parse(stats[1], CultureInfo.InvariantCulture),
                storeEqualsSimulator = verified,
            }));
            return verified ? 0 : 1;
        }
        finally
        {
            host.StandardInput.WriteLine("QUIT");
            host.WaitForExit(10_000);
            host.Dispose();
        }
    }

    /// <summary>
    /// The least time the requests can take on the wire: 5 in flight per token (Apple's rule), each
    /// costing the latency. Apple's protocol imposes no other wait on a read.
    /// </summary>
    internal static double NetworkFloor(long requests, int latencyMs) =>
        Math.Ceiling(requests / (double)VppPowerShell.Core.Apple.AppleClientOptions.MaxInFlightPerToken) * latencyMs / 1000.0;

    internal static (long Assignments, long Users) CountRows(VppStore store)
    {
        using var command = store.Connection.CreateCommand(null, "SELECT (SELECT COUNT(*) FROM assignments), (SELECT COUNT(*) FROM users);");
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static double Round(double value) => Math.Round(value, 3);
}
