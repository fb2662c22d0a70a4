using System;
using System.Linq;
using System.Threading;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Licensing;

/// <summary>Remove-VppToken says what removing leaves behind, and only that (R-T8).</summary>
public sealed class TokenRemovalTests
{
    [Theory, SqliteStore, PostgresStore]
    public void After_every_license_was_revoked_removing_the_token_does_not_warn_that_licenses_stay_assigned(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", "C02ZX1ABCD12")).ShouldSucceed();
        fixture.Run("Revoke-VppLicense", new Parameters().With("All", true).With("Force", true)).ShouldSucceed();
        fixture.Sync();

        var removed = fixture.Run("Remove-VppToken", new Parameters().With("Name", "Contoso Paris").With("Force", true)).ShouldSucceed();

        Assert.Empty(removed.Warnings);
        Assert.Contains(removed.Verbose, v => v.Contains("no license assigned"));
    }

    [Theory, SqliteStore, PostgresStore]
    public void Removing_a_token_that_still_holds_licenses_says_how_many_stay_assigned(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", new[] { "C02ZX1ABCD12", "DMPXK2EFGH34" })).ShouldSucceed();

        var removed = fixture.Run("Remove-VppToken", new Parameters().With("Name", "Contoso Paris").With("Force", true)).ShouldSucceed();

        Assert.Contains("2 license(s) stay assigned", Assert.Single(removed.Warnings));
    }

    [Theory, SqliteStore, PostgresStore]
    public void Removing_a_token_with_an_unfinished_revoke_job_warns_before_the_question(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", "C02ZX1ABCD12")).ShouldSucceed();
        var jobId = JournalRevokeWithoutRunning(fixture);

        var plan = fixture.Run("Remove-VppToken", new Parameters().With("Name", "Contoso Paris").With("WhatIf", true));

        Assert.Contains(plan.Warnings, w => w.Contains(jobId) && w.Contains("Resume-VppJob"));
        Assert.Single(fixture.Run("Get-VppToken", new Parameters()).Output);
    }

    /// <summary>A revoke journaled as a job whose run never started, as a killed process leaves it.</summary>
    private static string JournalRevokeWithoutRunning(LicensingFixture fixture)
    {
        using var store = fixture.OpenStore();
        var token = new TokenCatalog(store).Get("Contoso Paris");
        var licensing = new LicensingService(store, ModuleSettings.AppleClient);
        var targets = new[] { new TargetRequest("C02ZX1ABCD12", LicenseType.Device, true) };
        var plan = licensing.PlanRevokeAsync(token, targets, CancellationToken.None).GetAwaiter().GetResult();
        return licensing.Journal("Revoke", token, "Revoke a device", plan);
    }
}
