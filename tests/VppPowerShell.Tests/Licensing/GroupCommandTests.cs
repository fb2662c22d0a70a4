using System;
using System.Linq;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Core.Store;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Licensing;

public sealed class GroupCommandTests
{
    [Theory, SqliteStore, PostgresStore]
    public void A_group_assignment_follows_membership_R_R4(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        fixture.Run("New-VppGroup", new Parameters().With("Name", "Sales iPads").With("MemberType", "Device").With("Member", new[] { "SALES0000001", "SALES0000002" })).ShouldSucceed();
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("GroupName", "Sales iPads")).ShouldSucceed();
        Assert.Equal(2, fixture.Location.AssignmentCount);

        fixture.Run("Add-VppGroupMember", new Parameters().With("GroupName", "Sales iPads"), LicensingFixture.CsvRows("SerialNumber", new[] { "SALES0000003" })).ShouldSucceed();
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "SALES0000003"));

        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", "SALES0000002")).ShouldSucceed();
        fixture.Run("Remove-VppGroupMember", new Parameters().With("GroupName", "Sales iPads").With("Member", new[] { "SALES0000001", "SALES0000002" }).With("Force", true)).ShouldSucceed();

        Assert.False(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "SALES0000001"));
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "SALES0000002"), "also assigned directly: kept");
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "SALES0000003"));
        var group = Assert.IsType<VppGroup>(Assert.Single(fixture.Run("Get-VppGroup", new Parameters().With("Name", "Sales*")).Output));
        Assert.Equal(new[] { "SALES0000003" }, group.Members);
    }

    [Theory, SqliteStore, PostgresStore]
    public void User_groups_license_users(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        fixture.Run("New-VppGroup", new Parameters().With("Name", "Teachers").With("MemberType", "User").With("Member", new[] { "t1@school.edu", "t2@school.edu" })).ShouldSucceed();

        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.Book).With("GroupName", "Teachers")).ShouldSucceed();

        Assert.True(fixture.Location.HasAssignment(LicensingFixture.Book, clientUserId: "t1@school.edu"));
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.Book, clientUserId: "t2@school.edu"));
    }

    [Theory, SqliteStore, PostgresStore]
    public void New_VppGroup_writes_the_group_it_created(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        var result = fixture.Run("New-VppGroup", new Parameters().With("Name", "Art room").With("MemberType", "Device").With("Member", "ART000000001")).ShouldSucceed();

        var group = Assert.IsType<VppGroup>(Assert.Single(result.Output));
        Assert.Equal(("Art room", 1), (group.GroupName, group.MemberCount));
    }
}
