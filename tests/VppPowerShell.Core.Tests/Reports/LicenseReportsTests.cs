using System;
using System.Diagnostics;
using System.Linq;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Reports;
using VppPowerShell.Core.Store;
using VppPowerShell.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace VppPowerShell.Core.Tests.Reports;

public sealed class LicenseReportsTests
{
    private readonly ITestOutputHelper output;

    public LicenseReportsTests(ITestOutputHelper output)
    {
        this.output = output;
    }


    [Theory, SqliteStore, PostgresStore]
    public void Desired_against_Apple_per_asset_with_groups_device_users_and_Uninstall(StoreEngine engine)
    {
        using var data = new ReportStore(engine);
        var token = data.AddToken("Paris", ReportStore.Now.AddDays(200));
        data.AddAsset(token, "100", "Pages", total: 4, assigned: 4);
        // Asked for: two devices directly, a device group of two, a user, a device licensed to its user; one device to uninstall.
        data.Desire(token, "100", "Device", "SN00000001", "Device");
        data.Desire(token, "100", "Device", "SN00000002", "Device");
        data.Group("iPads", "Device", "SN00000003", "SN00000004");
        data.Desire(token, "100", "Group", "ipads", "Device");
        data.Desire(token, "100", "User", "ann@contoso.com", "User");
        data.Device("SN00000009", "bob@contoso.com");
        data.Desire(token, "100", "Device", "SN00000009", "User");
        data.Device("SN00000010", null);
        data.Desire(token, "100", "Device", "SN00000010", "User");
        data.Desire(token, "100", "Device", "SN00000005", "Device", "Uninstall");
        // Apple holds: SN1, SN3, bob (through his device), and SN5 + SN7 that nobody asked for (SN5 is to be uninstalled).
        data.Assign(token, "100", serial: "SN00000001");
        data.Assign(token, "100", serial: "SN00000003");
        data.Assign(token, "100", user: "bob@contoso.com");
        data.Assign(token, "100", serial: "SN00000005");
        data.Assign(token, "100", serial: "SN00000007");

        var report = Assert.Single(new LicenseReports(data.Store, () => ReportStore.Now).Build());

        Assert.Equal(6, report.DesiredCount); // SN1, SN2, SN3, SN4, ann, bob; SN10 has no known user, SN5 is Uninstall.
        Assert.Equal(3, report.DesiredNotAssignedCount);
        Assert.Equal(new[] { "SN00000002", "SN00000004", "ann@contoso.com" }, report.DesiredNotAssigned.Select(t => t.Target));
        Assert.Equal(LicenseType.User, report.DesiredNotAssigned.Single(t => t.Target == "ann@contoso.com").LicenseType);
        Assert.Equal("ann@contoso.com", report.DesiredNotAssigned.Single(t => t.Target == "ann@contoso.com").ClientUserId);
        Assert.Equal(2, report.AssignedNotDesiredCount);
        Assert.Equal(new[] { "SN00000005", "SN00000007" }, report.AssignedNotDesired.Select(t => t.SerialNumber));
        Assert.True(report.HasDrift);
        Assert.Equal(4, report.LicensesNeeded); // 6 desired, and SN5 and SN7 keep theirs: 8 wanted of 4 owned (R-L5).
        Assert.True(report.IsOversubscribed);
    }

    [Theory, SqliteStore, PostgresStore]
    public void Failures_are_counted_per_error_id_with_the_latest_reason_and_the_targets(StoreEngine engine)
    {
        using var data = new ReportStore(engine);
        var token = data.AddToken("Paris", ReportStore.Now.AddDays(200));
        data.AddAsset(token, "100", "Pages", total: 1, assigned: 1);
        data.AddAsset(token, "200", "Field Guide", total: 5, assigned: 0, productType: "Book");
        data.Status(token, "100", "Device", "SN00000001", "Assigned");
        data.Status(token, "100", "Device", "SN00000002", "Failed", "NoLicenseAvailable", "old reason", ReportStore.Now.AddHours(-3));
        data.Status(token, "100", "Device", "SN00000003", "Failed", "NoLicenseAvailable", "No license left.", ReportStore.Now.AddHours(-1));
        data.Status(token, "100", "User", "SN00000004", "Failed", "DeviceHasNoUser", "No user.");
        data.Status(token, "100", "Device", "SN00000005", "Removed");
        data.Status(token, "200", "Device", "SN00000006", "Failed", "BookToDevice", "Books go to users.");

        var reports = new LicenseReports(data.Store, () => ReportStore.Now).Build();

        var pages = reports.Single(r => r.AdamId == "100");
        Assert.Equal(3, pages.FailedCount);
        var noLicense = pages.Failures[0];
        Assert.Equal(("NoLicenseAvailable", 2, "No license left."), (noLicense.ErrorId, noLicense.Count, noLicense.Reason));
        Assert.Equal(new[] { "SN00000002", "SN00000003" }, noLicense.Targets.Select(t => t.SerialNumber));
        var noUser = pages.Failures.Single(f => f.ErrorId == "DeviceHasNoUser");
        Assert.Equal("SN00000004", Assert.Single(noUser.Targets).SerialNumber);
        Assert.Equal("BookToDevice", Assert.Single(reports.Single(r => r.AdamId == "200").Failures).ErrorId);
    }

    [Theory, SqliteStore, PostgresStore]
    public void Filters_by_token_and_asset_and_reports_each_token_s_expiry_R_T2_and_confirmation_R_R8(StoreEngine engine)
    {
        using var data = new ReportStore(engine);
        var paris = data.AddToken("Paris", ReportStore.Now.AddDays(10).AddHours(-1));
        var lyon = data.AddToken("Lyon", ReportStore.Now.AddDays(100));
        data.AddAsset(paris, "100", "Pages", 10, 0, confirmedOn: ReportStore.Now.AddHours(-5));
        data.AddAsset(paris, "200", "Numbers", 10, 0);
        data.AddAsset(lyon, "100", "Pages", 3, 0);
        var reports = new LicenseReports(data.Store, () => ReportStore.Now);

        Assert.Equal(3, reports.Build().Count);
        var parisPages = Assert.Single(reports.Build(new[] { paris }, new[] { "100" }));
        Assert.Equal(("Paris", 10, TokenExpiryLevel.Within14Days), (parisPages.TokenName, parisPages.DaysUntilExpiry, parisPages.ExpiryLevel));
        Assert.Equal(ReportStore.Now.AddHours(-5), parisPages.LastConfirmedOn);
        Assert.Equal(TokenExpiryLevel.None, Assert.Single(reports.Build(new[] { lyon })).ExpiryLevel);
        Assert.Equal(2, reports.Build(adamIds: new[] { "100" }).Count);
        Assert.Empty(reports.Build(new[] { 999 }));
    }

    [Theory, SqliteStore, PostgresStore]
    public void Lists_keep_the_target_limit_and_counts_stay_complete(StoreEngine engine)
    {
        using var data = new ReportStore(engine);
        var token = data.AddToken("Paris", ReportStore.Now.AddDays(200));
        data.AddAsset(token, "100", "Pages", 50, 30);
        data.Desire(token, "100", "Device", "WANTED000001", "Device");
        for (var i = 0; i < 30; i++) data.Assign(token, "100", serial: ReportStore.Serial(i));

        var limited = Assert.Single(new LicenseReports(data.Store).Build(targetLimit: 5));
        var all = Assert.Single(new LicenseReports(data.Store).Build(targetLimit: 0));

        Assert.Equal((30, 5), (limited.AssignedNotDesiredCount, limited.AssignedNotDesired.Count));
        Assert.Equal(30, all.AssignedNotDesired.Count);
    }

    [Theory, SqliteStore, PostgresStore]
    public void Unlimited_free_apps_are_never_short(StoreEngine engine)
    {
        using var data = new ReportStore(engine);
        var token = data.AddToken("Paris", ReportStore.Now.AddDays(200));
        data.AddAsset(token, "100", "Free", int.MaxValue, 2);
        data.Desire(token, "100", "Device", "SN00000001", "Device");

        var report = Assert.Single(new LicenseReports(data.Store).Build());

        Assert.True(report.IsUnlimited);
        Assert.Equal(0, report.LicensesNeeded);
    }

    [Theory, SqliteStore, PostgresStore]
    public void A_million_assignments_are_counted_in_SQL_not_loaded(StoreEngine engine)
    {
        using var data = new ReportStore(engine);
        var token = data.AddToken("Paris", ReportStore.Now.AddDays(200));
        for (var a = 0; a < 4; a++) data.AddAsset(token, "10" + a, "App " + a, 260_000, 250_000);
        // 1,000,000 device assignments over 4 assets; 100,000 desired on asset 100 (90,000 held, 10,000 not),
        // and 50,000 failures on it.
        data.Execute("WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < 999999) " +
            "INSERT INTO assignments (token_id, adam_id, pricing_param, client_user_id, serial_number) " +
            $"SELECT @t, '10' || (x % 4), 'STDQ', '', 'SN' || {Pad(engine, "x")} FROM n;", ("@t", token));
        data.Execute("WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < 99999) " +
            "INSERT INTO desired (token_id, adam_id, pricing_param, target_type, target, license_type, intent, updated_on) " +
            $"SELECT @t, '100', 'STDQ', 'Device', CASE WHEN x < 90000 THEN 'SN' || {Pad(engine, "x * 4")} ELSE 'NEW' || {Pad(engine, "x")} END, 'Device', 'Required', '2026-03-01T00:00:00.0000000Z' FROM n;",
            ("@t", token));
        data.Execute("WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < 49999) " +
            "INSERT INTO target_status (token_id, adam_id, pricing_param, license_type, target, status, error_id, reason, job_id, updated_on) " +
            $"SELECT @t, '100', 'STDQ', 'Device', 'FAIL' || {Pad(engine, "x")}, 'Failed', 'NoLicenseAvailable', 'none left', 'job', '2026-03-01T00:00:00.0000000Z' FROM n;",
            ("@t", token));

        // As a sync of that many rows leaves them.
        data.Store.Dialect.Analyze(data.Store.Connection, null, "assignments", "desired", "target_status");
        var clock = Stopwatch.StartNew();
        var reports = new LicenseReports(data.Store, () => ReportStore.Now).Build();
        clock.Stop();
        output.WriteLine($"Report of 4 assets over 1,000,000 assignments: {clock.ElapsedMilliseconds} ms");

        var first = reports.Single(r => r.AdamId == "100");
        Assert.Equal(100_000, first.DesiredCount);
        Assert.Equal(10_000, first.DesiredNotAssignedCount);
        Assert.Equal(160_000, first.AssignedNotDesiredCount);
        Assert.Equal(LicenseReports.DefaultTargetLimit, first.AssignedNotDesired.Count);
        Assert.Equal(50_000, first.FailedCount);
        Assert.Equal(LicenseReports.DefaultTargetLimit, first.Failures.Single().Targets.Count);
        var unmanaged = reports.Single(r => r.AdamId == "103"); // nothing was ever asked for it here: not drift
        Assert.Equal((0, 250_000), (unmanaged.AssignedNotDesiredCount, unmanaged.UnmanagedCount));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"The report took {clock.Elapsed}.");
    }

    /// <summary>A number as 8 digits with leading zeros, in the engine's words.</summary>
    private static string Pad(StoreEngine engine, string number) =>
        engine == StoreEngine.Sqlite ? $"printf('%08d', {number})" : $"lpad(({number})::text, 8, '0')";
}
