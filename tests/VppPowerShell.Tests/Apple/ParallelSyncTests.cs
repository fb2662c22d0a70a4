using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Core.Sync;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Simulator;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using VppPowerShell.Tests.Tokens;
using Xunit;

namespace VppPowerShell.Tests.Apple;

/// <summary>Sync-VppToken over many tokens at once: streaming results, one failure among many, Ctrl+C in the middle.</summary>
public sealed class ParallelSyncTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private Parameters Store => new Parameters().With("StorePath", folder.StorePath);

    [Fact]
    public void Many_tokens_with_one_failing_sync_the_others_and_the_error_names_the_failing_token()
    {
        var names = Enumerable.Range(1, 7).Select(i => $"School {i:D2}").ToList();
        var locations = new Dictionary<string, SimulatedLocation>();
        foreach (var name in names)
        {
            var location = TestApple.NewLocation();
            location.AddAsset("100", 3 + names.IndexOf(name));
            location.Assign("100", serialNumber: "S-" + name.Replace(' ', '-'));
            TokenCommands.Add(folder, location, name).ShouldSucceed();
            locations[name] = location;
        }

        locations["School 04"].RevokeToken();

        var sync = CmdletRunner.Invoke("Sync-VppToken", Store.With("PassThru", true).With("ThrottleLimit", 3));

        Assert.Null(sync.TerminatingError);
        var error = Assert.Single(sync.Errors);
        Assert.Equal("AppleTokenRevoked", error.ErrorId);
        Assert.Contains("School 04", error.Message);
        Assert.Equal(names.Where(n => n != "School 04").OrderBy(n => n), sync.OutputOf<SyncSummary>().Select(s => s.Name).OrderBy(n => n));
        var tokens = TokenCommands.Get(folder).OutputOf<VppToken>().ToDictionary(t => t.Name);
        Assert.Equal(SyncState.Failed, tokens["School 04"].SyncState);
        Assert.All(names.Where(n => n != "School 04"), n => Assert.Equal(SyncState.Completed, tokens[n].SyncState));
        Assert.Equal(6, CmdletRunner.Invoke("Get-VppAssignment", Store).ShouldSucceed().OutputOf<VppAssignment>().Count());

        // Every note names its token; one bar for the run with every token's bar under it; every bar ends.
        Assert.Equal(6, sync.Verbose.Count(v => names.Any(n => v.StartsWith(n + ":", StringComparison.Ordinal))));
        var run = Assert.Single(sync.Progress.Where(p => p.Activity == "Syncing 7 tokens").Select(p => p.ActivityId).Distinct());
        Assert.Equal(7, sync.Progress.Where(p => p.ParentActivityId == run).Select(p => p.Activity).Distinct().Count());
        Assert.Contains(sync.Progress, p => p.ActivityId == run && p.StatusDescription == "7 of 7 done");
        AssertEveryBarCompleted(sync.Progress);
    }

    [Fact]
    public void ThrottleLimit_1_syncs_the_tokens_one_after_another_in_the_store_order()
    {
        foreach (var name in new[] { "Alpha", "Bravo", "Charlie" })
        {
            var location = TestApple.NewLocation();
            location.AddAsset("100", 3);
            TokenCommands.Add(folder, location, name).ShouldSucceed();
        }

        var sync = CmdletRunner.Invoke("Sync-VppToken", Store.With("PassThru", true).With("ThrottleLimit", 1)).ShouldSucceed();

        Assert.Equal(new[] { "Alpha", "Bravo", "Charlie" }, sync.OutputOf<SyncSummary>().Select(s => s.Name));
        // Each token's bar ends before the next one's starts.
        var tokenBars = sync.Progress.Where(p => p.Activity.StartsWith("Syncing ", StringComparison.Ordinal) && !p.Activity.EndsWith(" tokens", StringComparison.Ordinal)).ToList();
        var order = tokenBars.Select(p => (p.Activity, p.RecordType == ProgressRecordType.Completed)).Distinct().ToList();
        Assert.Equal(new[]
        {
            ("Syncing Alpha", false), ("Syncing Alpha", true), ("Syncing Bravo", false), ("Syncing Bravo", true),
            ("Syncing Charlie", false), ("Syncing Charlie", true),
        }, order);
        AssertEveryBarCompleted(sync.Progress);
    }

    [Fact]
    public void Debug_lines_and_warnings_name_their_token_and_each_token_keeps_to_five_requests_in_flight()
    {
        using var simulator = AppleSimulator.Start();
        simulator.Options.Faults.Latency = TimeSpan.FromMilliseconds(20);
        var locations = new List<SimulatedLocation>();
        foreach (var name in new[] { "Lyon", "Nice", "Paris", "Rouen" })
        {
            var location = simulator.AddLocationWithUId("98" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
                name, "Contoso", "FR", tokenExpiresOn: DateTimeOffset.UtcNow.AddDays(10));
            for (var asset = 0; asset < 12; asset++) location.AddAsset((100 + asset).ToString(System.Globalization.CultureInfo.InvariantCulture), 4);
            AddToken(simulator, location, name);
            locations.Add(location);
        }

        var sync = CmdletRunner.Invoke("Sync-VppToken", Store.With("Debug", true).With("ThrottleLimit", 4)).ShouldSucceed();

        Assert.Equal(4, sync.Warnings.Count);
        Assert.All(new[] { "Lyon", "Nice", "Paris", "Rouen" }, name =>
        {
            Assert.Single(sync.Warnings, w => w.Contains($"Token '{name}' expires in"));
            Assert.Contains(sync.Debug, d => d.StartsWith($"Apple ({name}): GET client/config", StringComparison.Ordinal));
        });
        Assert.All(sync.Debug.Where(d => d.StartsWith("Apple", StringComparison.Ordinal)), d => Assert.Matches(@"^Apple \((Lyon|Nice|Paris|Rouen)\): ", d));
        Assert.All(locations, l => Assert.InRange(simulator.Statistics.PeakInFlightForToken(l.UId), 1, 5));
    }

    [Fact]
    public void Ctrl_C_in_the_middle_stops_the_running_tokens_as_Interrupted_and_leaves_the_others_as_they_were()
    {
        // "Fast" answers at once; the tokens on the slow simulator wait on every request until stopped.
        using var slow = AppleSimulator.Start();
        var fast = TestApple.NewLocation();
        fast.AddAsset("100", 3);
        TokenCommands.Add(folder, fast, "Fast").ShouldSucceed();
        foreach (var name in new[] { "Slow A", "Slow B", "Waiting" })
        {
            // A uId of its own: the shared simulator numbers its locations from the same start.
            var location = slow.AddLocationWithUId("97" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture), name, "Contoso", "FR");
            location.AddAsset("200", 2);
            AddToken(slow, location, name);
        }

        slow.Options.Faults.Latency = TimeSpan.FromMinutes(2);
        var host = new TestHost();
        using (var runspace = InProcessPowerShell.Open(host))
        using (var shell = PowerShell.Create())
        {
            shell.Runspace = runspace;
            shell.AddCommand("Sync-VppToken").AddParameter("StorePath", folder.StorePath).AddParameter("PassThru").AddParameter("ThrottleLimit", 2);
            using var output = new PSDataCollection<PSObject>();
            using var middle = new ManualResetEventSlim();
            void Check()
            {
                // Fast has finished and its summary is out while Slow A and Slow B still run: Waiting has not started.
                if (output.Count == 1 && shell.Streams.Progress.ToList().Any(p => p.Activity == "Syncing Slow B")) middle.Set();
            }

            output.DataAdded += (_, _) => Check();
            shell.Streams.Progress.DataAdded += (_, _) => Check();
            var running = shell.BeginInvoke<PSObject, PSObject>(null, output);
            Assert.True(middle.Wait(TimeSpan.FromSeconds(60)), "The run never reached the middle.");
            Assert.Equal("Fast", Assert.IsType<SyncSummary>(output.Single().BaseObject).Name);

            var watch = Stopwatch.StartNew();
            shell.Stop();
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"Stopping took {watch.Elapsed}.");
            Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
            Assert.True(running.IsCompleted);

            // Fast's bars ended with it; Waiting never got one. Once stopped, PowerShell takes no more writes from the
            // command (the host clears the bars of a stopped pipeline itself).
            var progress = shell.Streams.Progress.ToList();
            Assert.Equal(ProgressRecordType.Completed, progress.Last(p => p.Activity == "Syncing Fast").RecordType);
            Assert.DoesNotContain(progress, p => p.Activity == "Syncing Waiting");
        }

        var tokens = TokenCommands.Get(folder).OutputOf<VppToken>().ToDictionary(t => t.Name);
        Assert.Equal(SyncState.Completed, tokens["Fast"].SyncState);
        Assert.Equal(SyncState.Interrupted, tokens["Slow A"].SyncState);
        Assert.Equal(SyncState.Interrupted, tokens["Slow B"].SyncState);
        Assert.Equal("Stopped before it finished.", tokens["Slow B"].LastSyncError);
        Assert.Equal(SyncState.None, tokens["Waiting"].SyncState);
        Assert.Equal(new[] { "100" }, CmdletRunner.Invoke("Get-VppAsset", Store).ShouldSucceed().OutputOf<VppAsset>().Select(a => a.AdamId));

        // The next run starts the stopped tokens over and finishes.
        slow.Options.Faults.Latency = TimeSpan.Zero;
        var again = CmdletRunner.Invoke("Sync-VppToken", Store.With("PassThru", true)).ShouldSucceed();
        Assert.Equal(4, again.OutputOf<SyncSummary>().Count());
        Assert.All(TokenCommands.Get(folder).OutputOf<VppToken>(), t => Assert.Equal(SyncState.Completed, t.SyncState));
        Assert.Equal(4, CmdletRunner.Invoke("Get-VppAsset", Store).ShouldSucceed().Output.Count);
        AssertEveryBarCompleted(again.Progress);
    }

    [Fact]
    public void A_token_too_big_to_hold_in_memory_writes_as_it_reads_while_the_others_wait_for_it_and_all_finish()
    {
        using var simulator = AppleSimulator.Start();
        var big = simulator.AddLocationWithUId("96" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture), "Big", "Contoso", "FR");
        big.Seed(assets: 10, assignments: 60_000, users: 500, seed: 3);
        AddToken(simulator, big, "Big");
        var small = new List<SimulatedLocation>();
        foreach (var name in new[] { "Small 1", "Small 2", "Small 3" })
        {
            var location = simulator.AddLocationWithUId("95" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture), name, "Contoso", "FR");
            location.Seed(assets: 3, assignments: 40, users: 10, seed: small.Count + 10);
            AddToken(simulator, location, name);
            small.Add(location);
        }

        var sync = CmdletRunner.Invoke("Sync-VppToken", Store.With("PassThru", true).With("ThrottleLimit", 4)).ShouldSucceed();

        var summaries = sync.OutputOf<SyncSummary>().ToDictionary(s => s.Name);
        Assert.Equal(big.AssignmentCount, summaries["Big"].AssignmentsAdded);
        Assert.All(small, l => Assert.Equal(l.AssignmentCount, summaries[l.LocationName].AssignmentsAdded));
        Assert.All(TokenCommands.Get(folder).OutputOf<VppToken>(), t => Assert.Equal(SyncState.Completed, t.SyncState));
        Assert.Equal(big.AssignmentCount + small.Sum(l => l.AssignmentCount),
            CmdletRunner.Invoke("Get-VppAssignment", Store).ShouldSucceed().Output.Count);
    }

    [Fact]
    public void WhatIf_announces_every_token_and_syncs_none()
    {
        foreach (var name in new[] { "Alpha", "Bravo" })
        {
            var location = TestApple.NewLocation();
            location.AddAsset("100", 3);
            TokenCommands.Add(folder, location, name).ShouldSucceed();
        }

        var whatIf = CmdletRunner.Invoke("Sync-VppToken", Store.With("WhatIf", true)).ShouldSucceed();

        Assert.Equal(new[] { "Alpha", "Bravo" }, whatIf.ShouldProcessCalls.Select(c => c.Target));
        Assert.Empty(whatIf.Progress);
        Assert.Empty(CmdletRunner.Invoke("Get-VppAsset", Store).Output);
        Assert.All(TokenCommands.Get(folder).OutputOf<VppToken>(), t => Assert.Equal(SyncState.None, t.SyncState));
    }

    private void AddToken(AppleSimulator simulator, SimulatedLocation location, string name) =>
        CmdletRunner.Invoke("Add-VppToken", TokenCommands.AddParameters(folder, TokenCommands.WriteToken(folder, location), name)
            .With("ServiceUrl", simulator.BaseUri.AbsoluteUri)).ShouldSucceed();

    /// <summary>Every bar that was drawn was also ended, and nothing was drawn after it ended.</summary>
    private static void AssertEveryBarCompleted(IReadOnlyList<ProgressRecord> progress)
    {
        foreach (var bar in progress.GroupBy(p => p.ActivityId))
        {
            Assert.Equal(ProgressRecordType.Completed, bar.Last().RecordType);
        }
    }
}
