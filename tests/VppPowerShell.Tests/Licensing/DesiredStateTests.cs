using System;
using System.Linq;
using VppPowerShell.Core.Reports;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Core.Store;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Licensing;

/// <summary>What the report calls desired is only what the admin asked for and still wants.</summary>
public sealed class DesiredStateTests
{
    [Theory, SqliteStore, PostgresStore]
    public void A_revoked_device_is_no_longer_desired_and_the_report_shows_no_drift(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", new[] { "C02ZX1ABCD12", "DMPXK2EFGH34" })).ShouldSucceed();

        fixture.Run("Revoke-VppLicense", new Parameters().With("SerialNumber", "C02ZX1ABCD12").With("Force", true)).ShouldSucceed();
        fixture.Sync();

        var report = Report(fixture, LicensingFixture.App);
        Assert.Equal(1, report.DesiredCount);
        Assert.Equal(0, report.DesiredNotAssignedCount);
        Assert.False(report.HasDrift);
    }

    [Theory, SqliteStore, PostgresStore]
    public void Revoking_a_whole_asset_or_token_forgets_its_desired_targets_but_not_the_books_that_stay_assigned(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", "C02ZX1ABCD12")).ShouldSucceed();
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.Book).With("ClientUserId", "ann@contoso.com")).ShouldSucceed();

        fixture.Run("Revoke-VppLicense", new Parameters().With("All", true).With("Force", true)).ShouldSucceed();
        fixture.Sync();

        Assert.False(Report(fixture, LicensingFixture.App).HasDrift);
        Assert.Equal(0, Report(fixture, LicensingFixture.App).DesiredCount);
        Assert.Equal(1, Report(fixture, LicensingFixture.Book).DesiredCount);
        Assert.False(Report(fixture, LicensingFixture.Book).HasDrift);
    }

    [Theory, SqliteStore, PostgresStore]
    public void Refused_input_never_becomes_desired_state(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        var result = fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", new[] { "BAD1", "C02ZX1ABCD12" }));
        var book = fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.Book).With("SerialNumber", "DMPXK2EFGH34"));
        fixture.Sync();

        Assert.Equal("InvalidTarget", Assert.Single(result.Errors).ErrorId);
        Assert.Equal("BookToDevice", Assert.Single(book.Errors).ErrorId);
        var app = Report(fixture, LicensingFixture.App);
        Assert.Equal(1, app.DesiredCount);
        Assert.False(app.HasDrift);
        Assert.Equal(0, Report(fixture, LicensingFixture.Book).DesiredCount);
    }

    [Theory, SqliteStore, PostgresStore]
    public void Targets_left_without_a_license_stay_desired_and_are_counted_as_needed(StoreEngine engine)
    {
        using var own = new LicensingFixture(appLicenses: 2, engine: engine);
        own.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", LicensingFixture.Serials(3).ToArray()));
        own.Sync();

        var report = own.Run("Get-VppLicenseReport", new Parameters().With("AdamId", LicensingFixture.App)).OutputOf<VppLicenseReport>().Single();
        Assert.Equal(3, report.DesiredCount);
        Assert.Equal(1, report.DesiredNotAssignedCount);
    }

    [Theory, SqliteStore, PostgresStore]
    public void Assignments_made_before_this_store_managed_an_asset_are_unmanaged_not_drift_until_adopted_in_one_command(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        foreach (var serial in LicensingFixture.Serials(5, "ELSE")) fixture.Location.Assign(LicensingFixture.App, serialNumber: serial);
        fixture.Sync();

        var onboarded = Report(fixture, LicensingFixture.App);
        Assert.False(onboarded.HasDrift);
        Assert.Equal(5, onboarded.UnmanagedCount);
        Assert.Equal(0, onboarded.AssignedNotDesiredCount);

        var adopt = CmdletRunner.Script($"Get-VppAssignment -AdamId $app -{fixture.StoreParameter} $store | Set-VppAssignment -{fixture.StoreParameter} $store",
            new { app = LicensingFixture.App, store = fixture.StoreAddress });
        adopt.ShouldSucceed();

        var adopted = Report(fixture, LicensingFixture.App);
        Assert.Equal((5, 0, false), (adopted.DesiredCount, adopted.UnmanagedCount, adopted.HasDrift));

        fixture.Location.Assign(LicensingFixture.App, serialNumber: "LATER0000001");
        fixture.Sync();
        var drifted = Report(fixture, LicensingFixture.App);
        Assert.True(drifted.HasDrift);
        Assert.Equal("LATER0000001", Assert.Single(drifted.AssignedNotDesired).SerialNumber);
    }

    [Theory, SqliteStore, PostgresStore]
    public void Licenses_needed_count_the_licenses_other_holders_keep(StoreEngine engine)
    {
        using var own = new LicensingFixture(appLicenses: 10, engine: engine);
        foreach (var serial in LicensingFixture.Serials(8, "ELSE")) own.Location.Assign(LicensingFixture.App, serialNumber: serial);
        own.Sync();

        own.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", LicensingFixture.Serials(5).ToArray()));
        own.Sync();

        var report = own.Run("Get-VppLicenseReport", new Parameters().With("AdamId", LicensingFixture.App)).OutputOf<VppLicenseReport>().Single();
        Assert.Equal(3, report.LicensesNeeded);
        Assert.True(report.IsOversubscribed);
    }

    private static VppLicenseReport Report(LicensingFixture fixture, string adamId) =>
        fixture.Run("Get-VppLicenseReport", new Parameters().With("AdamId", adamId)).OutputOf<VppLicenseReport>().Single();
}
