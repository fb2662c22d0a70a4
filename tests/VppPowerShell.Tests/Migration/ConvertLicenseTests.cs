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

        Assert.Contains("1 user(s) have no known device", Assert.Single(result.Warnings, w => w.Contains("no known device")));
        Assert.Contains("carl@contoso.com", Assert.Single(result.Warnings, w => w.Contains("no known device")));
        Assert.DoesNotContain(result.Errors, e => e.ErrorId == "UserHasNoKnownDevice");
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "ANN000000001"));
        Assert.False(fixture.Location.HasAssignment(LicensingFixture.App, clientUserId: "ann@contoso.com"), "Ann's license moved to her device");
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, clientUserId: "bob@contoso.com"), "Bob keeps his until both devices have one");
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, clientUserId: "carl@contoso.com"));
        Assert.Contains(result.Errors, e => e.ErrorId == "NoLicenseAvailable");
    }

    [Fact]
    public void WhatIf_shows_both_steps_and_one_warning_for_all_users_without_a_device()
    {
        fixture.Run("Set-VppDevice", new Parameters().With("SerialNumber", "ANN000000001").With("PrimaryUser", "ann@contoso.com")).ShouldSucceed();
        var users = new[] { "ann@contoso.com" }.Concat(Enumerable.Range(1, 3).Select(i => $"nodevice{i}@contoso.com")).ToArray();
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("ClientUserId", users)).ShouldSucceed();

        var plan = fixture.Run("Convert-VppLicense", new Parameters().With("ToDevice", true).With("WhatIf", true));

        Assert.Empty(plan.Errors);
        Assert.Contains("3 user(s) have no known device", Assert.Single(plan.Warnings, w => w.Contains("no known device")));
        Assert.Equal(2, plan.ShouldProcessCalls.Count(c => c.WhatIf));
        Assert.Contains(plan.ShouldProcessCalls, c => c.Action.StartsWith("Give the devices of 1 user(s)"));
        Assert.Contains(plan.ShouldProcessCalls, c => c.Action.StartsWith("Then release the user licenses"));
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, clientUserId: "ann@contoso.com"));
        Assert.False(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "ANN000000001"));
    }

    [Fact]
    public void Departed_users_from_a_list_lose_their_licenses()
    {
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("ClientUserId", new[] { "stay@contoso.com", "gone1@contoso.com", "gone2@contoso.com" })).ShouldSucceed();

        fixture.Run("Revoke-VppLicense", new Parameters().With("Force", true), LicensingFixture.CsvRows("ClientUserId", new[] { "gone1@contoso.com", "gone2@contoso.com" })).ShouldSucceed();

        Assert.Equal(new[] { "stay@contoso.com" }, fixture.Location.Assignments.Select(a => a.ClientUserId));
    }
}
