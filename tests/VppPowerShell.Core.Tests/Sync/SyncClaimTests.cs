using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Leases;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Sync;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Core.Tests.Sync;

/// <summary>One sync of a token at a time, whichever worker runs it (R-T10).</summary>
public sealed class SyncClaimTests
{
    private const string OtherWorker = "worker-7.contoso.com:4242";
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    [Theory, SqliteStore, PostgresStore]
    public async Task A_token_a_worker_on_another_host_syncs_is_left_to_it_until_its_lease_runs_out_then_taken_over(StoreEngine engine)
    {
        using var harness = new SyncHarness(engine: engine);
        harness.Location.Seed(assets: 5, assignments: 200, users: 30, seed: 11);
        SetSyncRow(harness.Store, harness.Token, "InProgress", OtherWorker, Start, null);

        var left = await Assert.ThrowsAsync<SyncLeftException>(() => SyncAsync(harness, new SyncClaimPolicy(false, clock: () => Start + LeaseOwner.Lease - TimeSpan.FromSeconds(1))));

        Assert.Equal(VppErrorIds.SyncRunningElsewhere, left.ErrorId);
        Assert.Contains(OtherWorker, left.Message);
        Assert.Equal(0, harness.Simulator.Statistics.TotalRequests);
        Assert.Equal((SyncState.InProgress.ToString(), OtherWorker), ReadSyncRow(harness.Store, harness.Token));

        var summary = await SyncAsync(harness, new SyncClaimPolicy(false, clock: () => Start + LeaseOwner.Lease + TimeSpan.FromSeconds(1)));

        Assert.Equal(200, summary.AssignmentsAdded);
        harness.AssertStoreEqualsSimulator();
        Assert.Equal((SyncState.Completed.ToString(), (string?)null), ReadSyncRow(harness.Store, harness.Token));
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task A_sync_left_by_a_dead_process_of_this_machine_reads_as_interrupted_and_is_started_over_at_once(StoreEngine engine)
    {
        using var harness = new SyncHarness(engine: engine);
        harness.Location.Seed(assets: 3, assignments: 50, users: 10, seed: 12);
        SetSyncRow(harness.Store, harness.Token, "InProgress", Environment.MachineName + ":" + DeadProcessId(), DateTimeOffset.UtcNow, null);

        Assert.Equal(SyncState.Interrupted, harness.Reload(harness.Store, harness.Token).SyncState);
        await SyncAsync(harness, SyncClaimPolicy.Leave);

        harness.AssertStoreEqualsSimulator();
        Assert.Equal(SyncState.Completed, harness.Reload(harness.Store, harness.Token).SyncState);
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task Waiting_ends_with_the_other_workers_sync_and_a_sync_it_completed_after_this_one_began_is_not_repeated(StoreEngine engine)
    {
        using var harness = new SyncHarness(engine: engine);
        harness.Location.Seed(assets: 3, assignments: 50, users: 10, seed: 13);
        SetSyncRow(harness.Store, harness.Token, "InProgress", OtherWorker, Start, null);
        var waits = 0;
        var progress = new List<ProgressReport>();
        var policy = new SyncClaimPolicy(true, syncedSince: Start - TimeSpan.FromMinutes(1), clock: () => Start, delay: (_, _) =>
        {
            // The other worker finishes its sync while this one waits.
            if (++waits == 2) SetSyncRow(harness.Store, harness.Token, "Completed", null, null, Start + TimeSpan.FromSeconds(30));
            return Task.CompletedTask;
        });

        var left = await Assert.ThrowsAsync<SyncLeftException>(() =>
            new TokenSync(harness.Store, SyncHarness.FastRetries) { Claims = policy }.SyncAsync(harness.Token, false, new ListProgress(progress), 1, CancellationToken.None));

        Assert.Equal(2, waits);
        Assert.Contains("after this sync began", left.Message);
        Assert.Contains(progress, p => p.Status.Contains("Waiting for " + OtherWorker, StringComparison.Ordinal));
        Assert.Equal(0, harness.Simulator.Statistics.TotalRequests);
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task Waiting_for_a_sync_that_failed_then_syncs_the_token_itself(StoreEngine engine)
    {
        using var harness = new SyncHarness(engine: engine);
        harness.Location.Seed(assets: 3, assignments: 50, users: 10, seed: 14);
        SetSyncRow(harness.Store, harness.Token, "InProgress", OtherWorker, Start, null);
        var policy = new SyncClaimPolicy(true, syncedSince: Start - TimeSpan.FromMinutes(1), clock: () => Start, delay: (_, _) =>
        {
            SetSyncRow(harness.Store, harness.Token, "Failed", null, null, null);
            return Task.CompletedTask;
        });

        await SyncAsync(harness, policy);

        harness.AssertStoreEqualsSimulator();
        Assert.Equal(SyncState.Completed, harness.Reload(harness.Store, harness.Token).SyncState);
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task Two_pipelines_of_one_process_never_sync_one_token_at_once(StoreEngine engine)
    {
        using var harness = new SyncHarness(engine: engine);
        harness.Location.Seed(assets: 3, assignments: 50, users: 10, seed: 15);
        using var second = harness.OpenStore();
        var inside = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = SyncClaim.RunAsync(harness.Store, harness.Token, SyncClaimPolicy.Leave, null, 1, async _ =>
        {
            inside.SetResult(true);
            return await release.Task;
        }, CancellationToken.None);
        await inside.Task;

        var left = await Assert.ThrowsAsync<SyncLeftException>(() => harness.SyncAsync(store: second));
        Assert.Contains("another pipeline of this process", left.Message);

        release.SetResult(true);
        Assert.True(await first);
        await harness.SyncAsync(store: second);
        harness.AssertStoreEqualsSimulator(second);
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task A_worker_whose_sync_was_taken_over_can_no_longer_renew_or_end_it(StoreEngine engine)
    {
        using var harness = new SyncHarness(engine: engine);
        var repository = new TokenRepository(harness.Store);

        await SyncClaim.RunAsync(harness.Store, harness.Token, SyncClaimPolicy.Leave, null, 1, _ =>
        {
            using (var beside = harness.Store.OpenAnother())
            {
                Assert.True(TokenRepository.RenewSync(beside, harness.Token.TokenId, DateTimeOffset.UtcNow));
                SetSyncRow(harness.Store, harness.Token, "InProgress", OtherWorker, DateTimeOffset.UtcNow, null);
                Assert.False(TokenRepository.RenewSync(beside, harness.Token.TokenId, DateTimeOffset.UtcNow));
            }

            repository.EndSync(harness.Token.TokenId, SyncState.Completed, null, DateTimeOffset.UtcNow);
            return Task.FromResult(true);
        }, CancellationToken.None);

        Assert.Equal((SyncState.InProgress.ToString(), OtherWorker), ReadSyncRow(harness.Store, harness.Token));
    }

    [Fact]
    public void A_lease_keeper_cancels_the_work_once_the_lease_is_lost_and_rides_out_a_store_out_of_reach()
    {
        var beats = 0;
        using (var unreachable = new LeaseKeeper(() =>
               {
                   if (Interlocked.Increment(ref beats) < 3) throw new InvalidOperationException("The store is out of reach.");
                   return false;
               }, CancellationToken.None, TimeSpan.FromMilliseconds(5)))
        {
            Assert.True(unreachable.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(30)));
            Assert.True(unreachable.Lost);
            Assert.True(beats >= 3);
        }

        using var renewed = new LeaseKeeper(() => true, CancellationToken.None, TimeSpan.FromMilliseconds(5));
        using var caller = new CancellationTokenSource();
        using var kept = new LeaseKeeper(() => true, caller.Token, TimeSpan.FromMilliseconds(5));
        caller.Cancel();
        Assert.True(kept.Token.IsCancellationRequested);
        Assert.False(kept.Lost);
        Assert.False(renewed.Token.IsCancellationRequested);
    }

    private static Task<SyncSummary> SyncAsync(SyncHarness harness, SyncClaimPolicy policy) =>
        new TokenSync(harness.Store, SyncHarness.FastRetries) { Claims = policy }.SyncAsync(harness.Token, false, null, 1, CancellationToken.None);

    private static void SetSyncRow(VppStore store, VppToken token, string state, string? owner, DateTimeOffset? heartbeat, DateTimeOffset? syncedOn)
    {
        using var command = store.Connection.CreateCommand(null,
            "UPDATE tokens SET sync_state = @state, sync_owner = @owner, sync_heartbeat_on = @beat, last_sync_on = coalesce(@on, last_sync_on) WHERE token_id = @id;");
        command.AddParameter("@id", token.TokenId);
        command.AddParameter("@state", state);
        command.AddParameter("@owner", (object?)owner ?? DBNull.Value);
        command.AddParameter("@beat", heartbeat is { } beat ? VppStore.FormatDate(beat) : DBNull.Value);
        command.AddParameter("@on", syncedOn is { } on ? VppStore.FormatDate(on) : DBNull.Value);
        command.ExecuteNonQuery();
    }

    private static (string State, string? Owner) ReadSyncRow(VppStore store, VppToken token)
    {
        using var command = store.Connection.CreateCommand(null, "SELECT sync_state, sync_owner FROM tokens WHERE token_id = @id;");
        command.AddParameter("@id", token.TokenId);
        using DbDataReader reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    /// <summary>The id of a process of this machine that has ended.</summary>
    private static int DeadProcessId()
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true })!;
        process.WaitForExit();
        return process.Id;
    }

    private sealed class ListProgress : IProgress<ProgressReport>
    {
        private readonly List<ProgressReport> reports;

        public ListProgress(List<ProgressReport> reports) => this.reports = reports;

        public void Report(ProgressReport value)
        {
            lock (reports) reports.Add(value);
        }
    }
}
