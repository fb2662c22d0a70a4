using System;
using System.Diagnostics;
using System.Linq;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Licensing;

/// <summary>
/// A command run again while another live worker still runs the first job leaves that job's
/// targets to it: nothing in flight is sent twice, and the job is finished by its owner (or, once the
/// owner is gone, by whoever comes next).
/// </summary>
public sealed class JobInHandTests
{
    [Theory, SqliteStore, PostgresStore]
    public void A_rerun_while_the_owner_lives_leaves_its_targets_to_it_and_sends_only_the_rest(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        using var owner = Process.Start(new ProcessStartInfo("sleep", "120"))!;
        var jobId = UnfinishedJobs.Assign(fixture, $"{Environment.MachineName}:{owner.Id}", "INHAND000001");

        try
        {
            var rerun = fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App)
                .With("SerialNumber", new[] { "INHAND000001", "RERUN0000001" }).With("PassThru", true)).ShouldSucceed();

            var left = fixture.Results(rerun).Single(r => r.SerialNumber == "INHAND000001");
            Assert.Equal("LeftToJob", left.Status);
            Assert.Equal(jobId, left.OtherJobId);
            Assert.Contains(jobId, left.Reason);
            Assert.False(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "INHAND000001"), "the owner's target was not sent again");
            Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "RERUN0000001"));
        }
        finally
        {
            owner.Kill();
            owner.WaitForExit();
        }

        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", new[] { "INHAND000001" })).ShouldSucceed();

        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "INHAND000001"), "the owner gone, the job was taken over and finished");
        Assert.Equal(VppJobState.Completed, fixture.Run("Get-VppJob", new Parameters().With("JobId", jobId)).OutputOf<VppJob>().Single().State);
    }
}
