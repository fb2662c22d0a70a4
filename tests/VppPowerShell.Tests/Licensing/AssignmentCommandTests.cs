using System;
using System.Linq;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Simulator;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Core.Store;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Licensing;

public sealed class AssignmentCommandTests
{
    [Theory, SqliteStore, PostgresStore]
    public void Oversubscription_100_licenses_500_devices_from_a_CSV_R_L5(StoreEngine engine)
    {
        using var simulator = AppleSimulator.Start();
        using var own = new LicensingFixture(100, simulator, engine: engine);
        var serials = LicensingFixture.Serials(500).ToList();

        var result = own.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("PassThru", true), LicensingFixture.CsvRows("SerialNumber", serials));

        Assert.Null(result.TerminatingError);
        var outcomes = own.Results(result);
        Assert.Equal(100, outcomes.Count(r => r.Status == "Assigned"));
        Assert.Equal(serials.Take(100), outcomes.Where(r => r.Status == "Assigned").Select(r => r.SerialNumber));
        Assert.Equal(400, result.Errors.Count(e => e.ErrorId == "NoLicenseAvailable"));
        Assert.All(result.Errors, e => Assert.IsType<VppTargetResult>(e.Target));
        Assert.All(result.Errors, e => Assert.Contains("Buy more", e.RecommendedAction));
        Assert.Equal(100, own.Location.AssignmentCount);
        Assert.Equal(100, own.Run("Get-VppAssignment", new Parameters()).Output.Count);
        Assert.Equal(100, own.Run("Get-VppAsset", new Parameters().With("AdamId", LicensingFixture.App)).OutputOf<VppAsset>().Single().AssignedCount);

        var before = simulator.Statistics.Requests("POST assets/associate");
        var again = own.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App), LicensingFixture.CsvRows("SerialNumber", serials));
        Assert.Equal(before, simulator.Statistics.Requests("POST assets/associate"));
        Assert.Equal(400, again.Errors.Count(e => e.ErrorId == "NoLicenseAvailable"));
        Assert.Equal(100, own.Location.AssignmentCount);
    }

    [Theory]
    [InlineData("Set-VppAssignment")]
    [InlineData("Remove-VppAssignment")]
    [InlineData("Revoke-VppLicense")]
    public void A_licensing_command_given_no_target_says_so_and_changes_nothing(string command)
    {
        using var fixture = new LicensingFixture();
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", "C02ZX1ABCD12")).ShouldSucceed();
        var parameters = new Parameters().With("Force", command != "Set-VppAssignment" ? true : null);
        if (command != "Revoke-VppLicense") parameters.With("AdamId", LicensingFixture.App);
        if (parameters["Force"] is null) parameters.Without("Force");

        var result = fixture.Run(command, parameters);

        Assert.Equal("NoTargetGiven", result.TerminatingError?.ErrorId);
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "C02ZX1ABCD12"));
        Assert.Equal(1, fixture.Location.AssignmentCount);
    }

    [Theory, SqliteStore, PostgresStore]
    public void A_book_held_under_one_pricing_is_found_without_PricingParam(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        const string plusBook = "900000002";
        fixture.Location.AddAsset(plusBook, 5, productType: "Book", pricingParam: "PLUS", deviceAssignable: false, revocable: false, name: "Atlas");
        fixture.Sync();

        var result = fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", plusBook).With("ClientUserId", "ann@contoso.com"));

        result.ShouldSucceed();
        Assert.True(fixture.Location.HasAssignment(plusBook, clientUserId: "ann@contoso.com", pricingParam: "PLUS"));
    }

    [Theory, SqliteStore, PostgresStore]
    public void An_asset_held_under_both_pricings_needs_PricingParam(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        fixture.Location.AddAsset(LicensingFixture.Book, 5, productType: "Book", pricingParam: "PLUS", deviceAssignable: false, revocable: false, name: "Field Guide");
        fixture.Sync();

        var result = fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.Book).With("ClientUserId", "ann@contoso.com"));

        Assert.Equal("AssetPricingAmbiguous", Assert.Single(result.AllErrors).ErrorId);
        Assert.Equal(0, fixture.Location.AssignmentCount);
    }

    [Theory, SqliteStore, PostgresStore]
    public void Available_intent_is_refused_for_devices_R_L3(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        var result = fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", "C02ZX1ABCD12").With("Intent", "Available"));

        Assert.Equal("AvailableIntentForDevice", Assert.Single(result.Errors).ErrorId);
        Assert.Equal(0, fixture.Location.AssignmentCount);
    }

    [Theory, SqliteStore, PostgresStore]
    public void Books_go_to_users_only_R_L7(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        var result = fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.Book).With("SerialNumber", "C02ZX1ABCD12"));

        Assert.Equal("BookToDevice", Assert.Single(result.Errors).ErrorId);
    }

    [Theory, SqliteStore, PostgresStore]
    public void An_asset_that_is_not_device_assignable_is_refused_for_devices_API_9707(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        var result = fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.WebClip).With("SerialNumber", "C02ZX1ABCD12"));

        Assert.Equal("AssetNotDeviceAssignable", Assert.Single(result.Errors).ErrorId);
    }

    [Theory, SqliteStore, PostgresStore]
    public void A_book_cannot_be_taken_back_API_9706(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.Book).With("ClientUserId", "ann@contoso.com")).ShouldSucceed();

        var result = fixture.Run("Remove-VppAssignment", new Parameters().With("AdamId", LicensingFixture.Book).With("ClientUserId", "ann@contoso.com").With("Force", true));

        Assert.Equal("AssetNotRevocable", Assert.Single(result.Errors).ErrorId);
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.Book, clientUserId: "ann@contoso.com"));
    }

    [Theory, SqliteStore, PostgresStore]
    public void Device_licenses_do_not_move_to_user_licenses_but_user_licenses_may_move_to_devices(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        fixture.Run("Set-VppDevice", new Parameters().With("SerialNumber", "C02ZX1ABCD12").With("PrimaryUser", "ann@contoso.com")).ShouldSucceed();
        fixture.Run("Set-VppDevice", new Parameters().With("SerialNumber", "DMPXK2EFGH34").With("PrimaryUser", "bob@contoso.com")).ShouldSucceed();
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", "C02ZX1ABCD12")).ShouldSucceed();
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("ClientUserId", "bob@contoso.com")).ShouldSucceed();

        var toUser = fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("ClientUserId", "ann@contoso.com"));
        var toDevice = fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", "DMPXK2EFGH34"));

        Assert.Equal("DeviceToUserMigrationRefused", Assert.Single(toUser.Errors).ErrorId);
        toDevice.ShouldSucceed();
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "DMPXK2EFGH34"));
    }

    [Theory, SqliteStore, PostgresStore]
    public void User_licensing_on_a_kiosk_device_warns_and_licenses_its_user_R_L4(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        fixture.Run("Set-VppDevice", new Parameters().With("SerialNumber", "KIOSK0000001").With("Kiosk", true).With("Supervised", true)
            .With("Ownership", "Corporate").With("PrimaryUser", "lobby@contoso.com")).ShouldSucceed();

        var result = fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", "KIOSK0000001")
            .With("LicenseType", "User").With("PassThru", true)).ShouldSucceed();

        Assert.Contains(result.Warnings, w => w.Contains("kiosk device is not recommended"));
        var outcome = Assert.Single(fixture.Results(result));
        Assert.Equal("lobby@contoso.com", outcome.ClientUserId);
        Assert.Equal("Assigned", outcome.Status);
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, clientUserId: "lobby@contoso.com"));
    }

    [Theory, SqliteStore, PostgresStore]
    public void User_licensing_creates_the_Apple_user_and_gives_the_invitation(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        var result = fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("ClientUserId", "new.hire@contoso.com")
            .With("Intent", "Available").With("PassThru", true)).ShouldSucceed();

        var outcome = Assert.Single(fixture.Results(result));
        Assert.Equal("Assigned", outcome.Status);
        Assert.False(string.IsNullOrEmpty(outcome.InviteCode));
        Assert.Contains(fixture.Location.Users, u => u.ClientUserId == "new.hire@contoso.com" && u.InviteCode == outcome.InviteCode);
        var user = fixture.Run("Get-VppUser", new Parameters().With("ClientUserId", "new.hire@contoso.com")).OutputOf<VppUser>().Single();
        Assert.True(user.ManagedHere);
    }

    [Theory, SqliteStore, PostgresStore]
    public void WhatIf_shows_the_real_plan_with_prompts_and_sends_nothing(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        fixture.Run("Set-VppDevice", new Parameters().With("SerialNumber", "C02ZX1ABCD12").With("Ownership", "Corporate").With("Supervised", true)).ShouldSucceed();

        var result = fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", new[] { "C02ZX1ABCD12", "DMPXK2EFGH34", "bad serial!" })
            .With("WhatIf", true));

        var call = Assert.Single(result.ShouldProcessCalls);
        Assert.True(call.WhatIf);
        Assert.Contains("Associate: 2 license(s) in 1 request(s)", call.Action);
        Assert.Equal("InvalidTarget", Assert.Single(result.Errors).ErrorId);
        Assert.Contains(result.Verbose, v => v.Contains("C02ZX1ABCD12") && v.Contains("Invitation: no; app install prompt: no; Apple ID prompt: no"));
        Assert.Equal(0, fixture.Location.AssignmentCount);
        Assert.Empty(fixture.Run("Get-VppJob", new Parameters()).Output);
    }

    [Theory, SqliteStore, PostgresStore]
    public void Removing_reclaims_the_license_and_says_what_macOS_does_R_R3(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        fixture.Run("Set-VppDevice", new Parameters().With("SerialNumber", "MAC000000001").With("Platform", "macOS")).ShouldSucceed();
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.MacApp).With("SerialNumber", "MAC000000001")).ShouldSucceed();

        var removed = fixture.Run("Remove-VppAssignment", new Parameters().With("AdamId", LicensingFixture.MacApp).With("SerialNumber", "MAC000000001").With("WhatIf", true));
        Assert.Contains(removed.Verbose, v => v.Contains("30 days"));
        fixture.Run("Remove-VppAssignment", new Parameters().With("AdamId", LicensingFixture.MacApp).With("SerialNumber", "MAC000000001").With("Confirm", false)).ShouldSucceed();

        Assert.False(fixture.Location.HasAssignment(LicensingFixture.MacApp, serialNumber: "MAC000000001"));
        Assert.Empty(fixture.Run("Get-VppAssignment", new Parameters().With("SerialNumber", "MAC000000001")).Output);
    }

    [Theory, SqliteStore, PostgresStore]
    public void Revoke_by_device_by_user_by_asset_and_the_whole_token_R_R1(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", new[] { LicensingFixture.App, LicensingFixture.MacApp }).With("SerialNumber", new[] { "AAAA00000001", "AAAA00000002", "AAAA00000003" })).ShouldSucceed();
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("ClientUserId", new[] { "u1@contoso.com", "u2@contoso.com" })).ShouldSucceed();
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.Book).With("ClientUserId", "u1@contoso.com")).ShouldSucceed();
        Assert.Equal(9, fixture.Location.AssignmentCount);

        fixture.Run("Revoke-VppLicense", new Parameters().With("SerialNumber", "AAAA00000001").With("Force", true)).ShouldSucceed();
        Assert.Equal(7, fixture.Location.AssignmentCount);
        fixture.Run("Revoke-VppLicense", new Parameters().With("ClientUserId", "u2@contoso.com").With("Force", true)).ShouldSucceed();
        Assert.Equal(6, fixture.Location.AssignmentCount);
        fixture.Run("Revoke-VppLicense", new Parameters().With("AdamId", LicensingFixture.MacApp).With("All", true).With("Force", true)).ShouldSucceed();
        Assert.Equal(4, fixture.Location.AssignmentCount);

        var all = fixture.Run("Revoke-VppLicense", new Parameters().With("All", true).With("Force", true));
        Assert.Null(all.TerminatingError);
        Assert.Equal(LicensingFixture.Book, Assert.Single(fixture.Location.Assignments).AdamId);
        Assert.Equal(fixture.Location.AssignmentCount, fixture.Run("Get-VppAssignment", new Parameters()).Output.Count);
    }

    [Theory, SqliteStore, PostgresStore]
    public void Revoke_is_high_impact_and_asks_first(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", "AAAA00000001")).ShouldSucceed();

        var declined = fixture.Run("Revoke-VppLicense", new Parameters().With("SerialNumber", "AAAA00000001"), configure: h => h.ConfirmAnswer = false);

        Assert.True(Assert.Single(declined.ShouldProcessCalls).Prompted);
        Assert.Equal(1, fixture.Location.AssignmentCount);
    }

    [Theory, SqliteStore, PostgresStore]
    public void Remove_token_with_RevokeLicenses_revokes_first_then_removes_R_T8(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", new[] { "AAAA00000001", "AAAA00000002" })).ShouldSucceed();

        var result = fixture.Run("Remove-VppToken", new Parameters().With("Name", "Contoso Paris").With("RevokeLicenses", true).With("Force", true)).ShouldSucceed();

        Assert.Equal(0, fixture.Location.AssignmentCount);
        Assert.Contains("Revoked 2 license(s)", Assert.Single(result.Information));
        Assert.Empty(result.Warnings);
        Assert.Empty(fixture.Run("Get-VppToken", new Parameters()).Output);
    }

    [Theory, SqliteStore, PostgresStore]
    public void Jobs_are_listed_with_their_outcome_and_targets(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", new[] { "AAAA00000001", "AAAA00000002" })).ShouldSucceed();

        var job = Assert.IsType<VppJob>(Assert.Single(fixture.Run("Get-VppJob", new Parameters()).Output));
        Assert.Equal(VppJobState.Completed, job.State);
        Assert.Equal(2, job.Assigned);
        var targets = fixture.Run("Get-VppJob", new Parameters().With("Targets", true), input: new object[] { job }).OutputOf<VppTargetResult>().ToList();
        Assert.Equal(new[] { "AAAA00000001", "AAAA00000002" }, targets.Select(t => t.SerialNumber));
        var resumed = fixture.Run("Resume-VppJob", new Parameters().With("JobId", job.JobId));
        Assert.Contains(resumed.Verbose, v => v.Contains("already finished"));
    }
}
