using System;
using System.Linq;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Licensing;
using Xunit;

namespace VppPowerShell.Tests.Migration;

public sealed class ConvertLicenseTests : IDisposable
{
    private readonly LicensingFixture fixture = new(appLicenses: 5);

    public void Dispose() => fixture.Dispose();

    [Fact]
    public void User_licenses_move_to_the_users_devices_and_are_released_only_when_every_device_has_one()
    {
        fixture.Run("Set-VppDevice", new Parameters().With("SerialNumber", "ANN000000001").With("PrimaryUser", "ann@contoso.com")).ShouldSucceed();
        fixture.Run("Set-VppDevice", new Parameters().With("SerialNumber", "BOB000000001").With("PrimaryUser", "bob@contoso.com")).ShouldSucceed();
        fixture.Run("Set-VppDevice", new Parameters().With("SerialNumber", "BOB000000002").With("PrimaryUser", "bob@contoso.com")).ShouldSucceed();
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("ClientUserId", new[] { "ann@contoso.com", "bob@contoso.com", "carl@contoso.com" })).ShouldSucceed();
        // 5 licenses, 3 used by users: 2 free. Ann's device takes one, Bob's two devices need two: only one is left.

        var result = fixture.Run("Convert-VppLicense", new Parameters().With("ToDevice", true).With("Force", true));

        Assert.Contains(result.Errors, e => e.ErrorId == "UserHasNoKnownDevice" && e.Message.Contains("carl@contoso.com"));
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "ANN000000001"));
        Assert.False(fixture.Location.HasAssignment(LicensingFixture.App, clientUserId: "ann@contoso.com"), "Ann's license moved to her device");
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, clientUserId: "bob@contoso.com"), "Bob keeps his until both devices have one");
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, clientUserId: "carl@contoso.com"));
        Assert.Contains(result.Errors, e => e.ErrorId == "NoLicenseAvailable");
    }

    [Fact]
    public void Departed_users_from_a_list_lose_their_licenses()
    {
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("ClientUserId", new[] { "stay@contoso.com", "gone1@contoso.com", "gone2@contoso.com" })).ShouldSucceed();

        fixture.Run("Revoke-VppLicense", new Parameters().With("Force", true), LicensingFixture.CsvRows("ClientUserId", new[] { "gone1@contoso.com", "gone2@contoso.com" })).ShouldSucceed();

        Assert.Equal(new[] { "stay@contoso.com" }, fixture.Location.Assignments.Select(a => a.ClientUserId));
    }
}
