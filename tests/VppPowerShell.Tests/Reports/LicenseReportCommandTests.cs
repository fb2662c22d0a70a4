using System.Linq;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Core.Reports;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Licensing;
using Xunit;

namespace VppPowerShell.Tests.Reports;

public sealed class LicenseReportCommandTests : IClassFixture<ReportScenario>
{
    private readonly ReportScenario scenario;

    public LicenseReportCommandTests(ReportScenario scenario)
    {
        this.scenario = scenario;
    }

    [Fact]
    public void Oversubscription_shows_the_counts_the_failures_and_how_many_licenses_are_missing_R_L5()
    {
        var pages = Report(ReportScenario.Paris, LicensingFixture.App);

        Assert.Equal((3, 3, 0, 0), (pages.TotalCount, pages.AssignedCount, pages.AvailableCount, pages.RetiredCount));
        Assert.Equal(5, pages.DesiredCount);
        Assert.Equal(ReportScenario.PagesDevices.Skip(3), pages.DesiredNotAssigned.Select(t => t.SerialNumber));
        Assert.Equal(0, pages.AssignedNotDesiredCount);
        var failure = Assert.Single(pages.Failures);
        Assert.Equal(("NoLicenseAvailable", 2), (failure.ErrorId, failure.Count));
        Assert.Equal(ReportScenario.PagesDevices.Skip(3), failure.Targets.Select(t => t.SerialNumber));
        Assert.Equal(2, pages.LicensesNeeded);
        Assert.True(pages.IsOversubscribed);
    }

    [Fact]
    public void A_removal_is_not_drift_and_changes_made_at_Apple_are_drift_on_each_side()
    {
        var keynote = Report(ReportScenario.Paris, LicensingFixture.MacApp);

        Assert.Equal((50, 1, 49), (keynote.TotalCount, keynote.AssignedCount, keynote.AvailableCount));
        Assert.Equal(1, keynote.DesiredCount); // MAC000000001 was removed with Remove-VppAssignment: no longer desired.
        Assert.Equal("MAC000000002", Assert.Single(keynote.DesiredNotAssigned).SerialNumber);
        var extra = Assert.Single(keynote.AssignedNotDesired);
        Assert.Equal(("EXTRA0000001", LicenseType.Device), (extra.SerialNumber, extra.LicenseType));
        Assert.True(keynote.HasDrift);
        Assert.Empty(keynote.Failures);
        Assert.False(keynote.IsOversubscribed);
    }

    [Fact]
    public void A_refused_book_shows_its_reason_R_L7()
    {
        var book = Report(ReportScenario.Paris, LicensingFixture.Book);

        var failure = Assert.Single(book.Failures);
        Assert.Equal("BookToDevice", failure.ErrorId);
        Assert.Contains("Books can only be licensed to users", failure.Reason);
        Assert.Equal("IPAD00000000", Assert.Single(failure.Targets).SerialNumber);
    }

    [Fact]
    public void Every_asset_of_every_token_with_its_expiry_R_T2_and_when_Apple_confirmed_the_counts_R_R8()
    {
        var result = scenario.Run("Get-VppLicenseReport", new Parameters());

        var reports = result.OutputOf<VppLicenseReport>().ToList();
        Assert.Equal(5, reports.Count);
        Assert.Equal(new[] { ReportScenario.Lyon, ReportScenario.Paris, ReportScenario.Paris, ReportScenario.Paris, ReportScenario.Paris }, reports.Select(r => r.TokenName));
        var lyon = reports.Single(r => r.TokenName == ReportScenario.Lyon);
        Assert.Equal((10, TokenExpiryLevel.Within14Days), (lyon.DaysUntilExpiry, lyon.ExpiryLevel));
        Assert.Equal((1, 0), (lyon.UnmanagedCount, lyon.AssignedNotDesiredCount)); // assigned at Apple before this store managed Pages there: not drift
        Assert.All(reports.Where(r => r.TokenName == ReportScenario.Paris), r => Assert.Equal(TokenExpiryLevel.None, r.ExpiryLevel));
        Assert.Contains(result.Warnings, w => w.Contains(ReportScenario.Lyon) && w.Contains("expires in 10 days"));
        var assets = scenario.Run("Get-VppAsset", new Parameters()).OutputOf<VppAsset>().ToList();
        Assert.All(reports, r => Assert.Equal(assets.Single(a => a.TokenId == r.TokenId && a.AdamId == r.AdamId).LastSyncOn, r.LastConfirmedOn));
    }

    [Fact]
    public void Filters_by_token_name_by_adamId_and_by_piped_assets()
    {
        Assert.Equal(4, scenario.Run("Get-VppLicenseReport", new Parameters().With("TokenName", ReportScenario.Paris)).Output.Count);
        Assert.Equal(2, scenario.Run("Get-VppLicenseReport", new Parameters().With("AdamId", LicensingFixture.App)).Output.Count);
        var lyonAssets = scenario.Run("Get-VppAsset", new Parameters().With("TokenName", ReportScenario.Lyon)).Output;

        var piped = scenario.Run("Get-VppLicenseReport", new Parameters(), lyonAssets).OutputOf<VppLicenseReport>();

        Assert.Equal(ReportScenario.Lyon, Assert.Single(piped).TokenName);
    }

    [Fact]
    public void Lists_hold_the_target_limit_and_say_so()
    {
        var result = scenario.Run("Get-VppLicenseReport", new Parameters().With("TokenName", ReportScenario.Paris).With("AdamId", LicensingFixture.App).With("TargetLimit", 1));

        var pages = Assert.Single(result.OutputOf<VppLicenseReport>());
        Assert.Equal((2, 1), (pages.DesiredNotAssignedCount, pages.DesiredNotAssigned.Count));
        Assert.Contains(result.Verbose, v => v.Contains("-TargetLimit 0"));
        Assert.Throws<ParameterBindingFailedException>(() => scenario.Run("Get-VppLicenseReport", new Parameters().With("TargetLimit", -1)));
    }

    private VppLicenseReport Report(string tokenName, string adamId) =>
        Assert.Single(scenario.Run("Get-VppLicenseReport", new Parameters().With("TokenName", tokenName).With("AdamId", adamId)).ShouldSucceed().OutputOf<VppLicenseReport>());
}
