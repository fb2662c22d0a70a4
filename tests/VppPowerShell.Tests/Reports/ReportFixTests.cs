using System.Linq;
using VppPowerShell.Core.Reports;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Reports;

public sealed class ReportFixTests
{
    [Theory, SqliteStore, PostgresStore]
    public void The_drift_lists_pipe_into_Set_and_Remove_VppAssignment_and_the_drift_is_gone(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", new[] { "IPAD00000001", "IPAD00000002" })).ShouldSucceed();
        fixture.Location.Unassign(LicensingFixture.App, serialNumber: "IPAD00000002");
        fixture.Location.Assign(LicensingFixture.App, serialNumber: "OTHER0000001");
        fixture.Sync();
        var before = Report(fixture);
        Assert.Equal(("IPAD00000002", "OTHER0000001"), (Assert.Single(before.DesiredNotAssigned).SerialNumber, Assert.Single(before.AssignedNotDesired).SerialNumber));

        fixture.Run("Set-VppAssignment", new Parameters(), before.DesiredNotAssigned).ShouldSucceed();
        fixture.Run("Remove-VppAssignment", new Parameters().With("Force", true), before.AssignedNotDesired).ShouldSucceed();

        var after = Report(fixture);
        Assert.False(after.HasDrift);
        Assert.Equal(2, after.AssignedCount);
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "IPAD00000002"));
        Assert.False(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "OTHER0000001"));
    }

    private static VppLicenseReport Report(LicensingFixture fixture) =>
        fixture.Run("Get-VppLicenseReport", new Parameters().With("AdamId", LicensingFixture.App)).ShouldSucceed().OutputOf<VppLicenseReport>().Single();
}
