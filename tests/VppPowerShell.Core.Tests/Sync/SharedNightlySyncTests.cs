using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Simulator;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Tests.Shared;
using VppPowerShell.Tests.Workers;
using Xunit;

namespace VppPowerShell.Core.Tests.Sync;

/// <summary>Workers in processes of their own run the same nightly sync on one store and split its tokens (R-T10).</summary>
public sealed class SharedNightlySyncTests
{
    private const int Tokens = 9;
    private const int Workers = 3;

    [Theory, SqliteStore, PostgresStore]
    public async Task Three_workers_sync_every_token_exactly_once_and_the_store_equals_apple(StoreEngine engine)
    {
        var options = new SimulatorOptions();
        options.Faults.Latency = TimeSpan.FromMilliseconds(20);
        using var harness = new SyncHarness(options, engine: engine);
        var locations = new List<(SimulatedLocation Location, VppToken Token)> { (harness.Location, harness.Token) };
        for (var i = 1; i < Tokens; i++)
        {
            var location = harness.Simulator.AddLocation($"School {i:D2} " + Guid.NewGuid().ToString("N").Substring(0, 6), "Contoso", "US");
            locations.Add((location, harness.AddToken(harness.Store, location, $"School {i:D2}")));
        }

        foreach (var (location, _) in locations) location.Seed(assets: 4, assignments: 120, users: 20, seed: location.LocationName.Length);
        var since = DateTimeOffset.UtcNow;
        var postgres = engine == StoreEngine.PostgreSql;
        var arguments = new List<string>
        {
            SyncWorker.Command, "--store", postgres ? harness.Store.Location.ConnectionString! : harness.Store.Path,
            "--since", since.ToString("O", CultureInfo.InvariantCulture), "--throttle", "2", "--wait-go",
        };
        var workers = Enumerable.Range(0, Workers)
            .Select(_ => WorkerProcess.Start(arguments, postgres ? TestStores.KeyText : null, Stopwatch.StartNew()))
            .ToList();
        try
        {
            await WorkerProcess.GoTogetherAsync(workers, TimeSpan.FromMinutes(1));
            foreach (var worker in workers) Assert.NotNull(await worker.WaitForStepAsync(TimeSpan.FromMinutes(2), "DONE"));

            var synced = workers.SelectMany(w => w.Lines).Where(l => l.StartsWith("SYNCED ", StringComparison.Ordinal))
                .Select(l => int.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture)).OrderBy(id => id).ToList();
            var output = string.Join("\n---\n", workers.Select(w => w.Output));
            Assert.True(locations.Select(l => l.Token.TokenId).OrderBy(id => id).SequenceEqual(synced), output);
            Assert.DoesNotContain(workers.SelectMany(w => w.Lines), l => l.StartsWith("FAILED ", StringComparison.Ordinal));
            Assert.Equal(Tokens * (Workers - 1), workers.SelectMany(w => w.Lines).Count(l => l.StartsWith("LEFT ", StringComparison.Ordinal)));

            foreach (var (location, token) in locations)
            {
                Assert.Equal(SyncState.Completed, harness.Reload(harness.Store, token).SyncState);
            }

            harness.AssertStoreEqualsSimulator();
        }
        finally
        {
            foreach (var worker in workers) worker.Dispose();
        }
    }
}
