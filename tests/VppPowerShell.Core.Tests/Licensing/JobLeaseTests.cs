using System;
using VppPowerShell.Core.Leases;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tests.Sync;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Core.Tests.Licensing;

/// <summary>A job belongs to one worker at a time; a worker on another host holds it by a lease it renews.</summary>
public sealed class JobLeaseTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory, SqliteStore, PostgresStore]
    public void A_job_of_a_worker_on_another_host_is_its_own_until_the_lease_runs_out(StoreEngine engine)
    {
        using var harness = new SyncHarness(engine: engine);
        var now = Start;
        var jobs = new JobStore(harness.Store, () => now);
        InsertRunningJob(harness.Store, "job-1", "worker-7.contoso.com:4242", Start);

        now = Start + LeaseOwner.Lease - TimeSpan.FromSeconds(1);
        Assert.Equal(VppJobState.Running, jobs.Get("job-1").State);
        var refused = Assert.Throws<VppException>(() => jobs.Claim("job-1", force: false));
        Assert.Equal(VppErrorIds.JobRunningElsewhere, refused.ErrorId);
        Assert.Equal("worker-7.contoso.com:4242", jobs.Get("job-1").Owner);

        now = Start + LeaseOwner.Lease + TimeSpan.FromSeconds(1);
        Assert.Equal(VppJobState.Interrupted, jobs.Get("job-1").State);
        jobs.Claim("job-1", force: false);
        Assert.Equal(LeaseOwner.Current, jobs.Get("job-1").Owner);
        Assert.Equal(VppJobState.Running, jobs.Get("job-1").State);
    }

    [Theory, SqliteStore, PostgresStore]
    public void A_job_whose_owner_id_now_belongs_to_another_live_process_here_is_freed_by_the_lease(StoreEngine engine)
    {
        // Process 1 lives as long as the machine: it stands for a new process given a dead worker's id.
        if (OperatingSystem.IsWindows()) return;
        using var harness = new SyncHarness(engine: engine);
        var now = Start;
        var jobs = new JobStore(harness.Store, () => now);
        InsertRunningJob(harness.Store, "job-3", Environment.MachineName + ":1", Start);

        Assert.Equal(VppJobState.Running, jobs.Get("job-3").State);
        now = Start + LeaseOwner.Lease + TimeSpan.FromSeconds(1);
        Assert.Equal(VppJobState.Interrupted, jobs.Get("job-3").State);
    }

    [Theory, SqliteStore, PostgresStore]
    public void A_worker_whose_job_was_taken_over_can_no_longer_renew_or_finish_it(StoreEngine engine)
    {
        using var harness = new SyncHarness(engine: engine);
        var now = Start;
        var jobs = new JobStore(harness.Store, () => now);
        InsertRunningJob(harness.Store, "job-2", LeaseOwner.Current, Start);
        Assert.True(jobs.Heartbeat("job-2"));

        SetOwner(harness.Store, "job-2", "worker-8.contoso.com:77");

        Assert.False(jobs.Heartbeat("job-2"));
        jobs.Finish("job-2", "Stopped before it finished.");
        var job = jobs.Get("job-2");
        Assert.Equal("worker-8.contoso.com:77", job.Owner);
        Assert.Equal(VppJobState.Running, job.State);
    }

    private static void InsertRunningJob(VppStore store, string jobId, string owner, DateTimeOffset heartbeat)
    {
        using var command = store.Connection.CreateCommand(null,
            "INSERT INTO jobs (job_id, kind, token_id, description, state, owner, heartbeat_on, created_on, updated_on) " +
            "VALUES (@job, 'Assign', NULL, 'test', 'Running', @owner, @beat, @beat, @beat);");
        command.AddParameter("@job", jobId);
        command.AddParameter("@owner", owner);
        command.AddParameter("@beat", VppStore.FormatDate(heartbeat));
        command.ExecuteNonQuery();
    }

    private static void SetOwner(VppStore store, string jobId, string owner)
    {
        using var command = store.Connection.CreateCommand(null, "UPDATE jobs SET owner = @owner WHERE job_id = @job;");
        command.AddParameter("@job", jobId);
        command.AddParameter("@owner", owner);
        command.ExecuteNonQuery();
    }
}
