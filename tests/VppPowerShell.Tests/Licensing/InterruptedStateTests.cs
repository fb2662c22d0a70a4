using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;

using VppPowerShell.Core.Leases;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Licensing;

/// <summary>A job or a sync whose process died reads as Interrupted, and the next run takes it over.</summary>
public sealed class InterruptedStateTests
{
    [Theory, SqliteStore, PostgresStore]
    public void A_job_whose_process_died_reads_as_Interrupted_and_Resume_VppJob_finishes_it(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        var jobId = UnfinishedJobs.Assign(fixture, DeadOwner(), "C02ZX1ABCD12");

        var listed = fixture.Run("Get-VppJob", new Parameters().With("Unfinished", true)).OutputOf<VppJob>().Single();
        Assert.Equal((jobId, VppJobState.Interrupted), (listed.JobId, listed.State));

        fixture.Run("Resume-VppJob", new Parameters().With("JobId", jobId)).ShouldSucceed();

        Assert.Equal(VppJobState.Completed, fixture.Run("Get-VppJob", new Parameters().With("JobId", jobId)).OutputOf<VppJob>().Single().State);
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "C02ZX1ABCD12"));
    }

    [Theory, SqliteStore, PostgresStore]
    public void A_job_whose_killed_process_is_not_yet_reaped_is_taken_over_at_once(StoreEngine engine)
    {
        // Only Linux shows an exited, unreaped process (a zombie) in /proc.
        if (!OperatingSystem.IsLinux()) return;
        using var fixture = new LicensingFixture(engine: engine);
        using var killed = UnreapedProcess.Start();
        var jobId = UnfinishedJobs.Assign(fixture, killed.Owner, "C02ZX1ABCD12");
        Assert.Equal('Z', UnreapedProcess.State(killed.Id));

        fixture.Run("Resume-VppJob", new Parameters().With("JobId", jobId)).ShouldSucceed();

        Assert.Equal(VppJobState.Completed, fixture.Run("Get-VppJob", new Parameters().With("JobId", jobId)).OutputOf<VppJob>().Single().State);
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "C02ZX1ABCD12"));
    }

    [Theory, SqliteStore, PostgresStore]
    public void A_job_this_process_runs_reads_as_Running(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        var jobId = UnfinishedJobs.Assign(fixture, LeaseOwner.Current, "C02ZX1ABCD12");

        Assert.Equal(VppJobState.Running, fixture.Run("Get-VppJob", new Parameters().With("JobId", jobId)).OutputOf<VppJob>().Single().State);
    }

    [Theory, SqliteStore, PostgresStore]
    public void A_sync_whose_process_died_reads_as_Interrupted_and_the_next_sync_completes(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        Execute(fixture, "UPDATE tokens SET sync_state = 'InProgress', sync_owner = @owner;", ("@owner", DeadOwner()));

        Assert.Equal(SyncState.Interrupted, fixture.Run("Get-VppToken", new Parameters()).OutputOf<VppToken>().Single().SyncState);

        fixture.Sync();

        Assert.Equal(SyncState.Completed, fixture.Run("Get-VppToken", new Parameters()).OutputOf<VppToken>().Single().SyncState);
    }

    /// <summary>"host:pid" of a process of this machine that has ended.</summary>
    private static string DeadOwner()
    {
        using var process = Process.Start(new ProcessStartInfo(OperatingSystem.IsWindows() ? "cmd.exe" : "true") { Arguments = OperatingSystem.IsWindows() ? "/c exit 0" : string.Empty })!;
        process.WaitForExit();
        return $"{Environment.MachineName}:{process.Id}";
    }

    private static void Execute(LicensingFixture fixture, string sql, params (string Name, object Value)[] parameters)
    {
        using var store = fixture.OpenStore();
        using var command = store.Connection.CreateCommand(null, sql);
        foreach (var (name, value) in parameters) command.AddParameter(name, value);
        command.ExecuteNonQuery();
    }
}
