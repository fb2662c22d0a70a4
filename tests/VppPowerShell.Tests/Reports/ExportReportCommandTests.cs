using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using VppPowerShell.Core.Reports;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Licensing;
using Xunit;

namespace VppPowerShell.Tests.Reports;

public sealed class ExportReportCommandTests : IClassFixture<ReportScenario>
{
    private readonly ReportScenario scenario;

    public ExportReportCommandTests(ReportScenario scenario)
    {
        this.scenario = scenario;
    }

    [Fact]
    public void Writes_one_self_contained_page_with_every_section_and_no_token_secret()
    {
        var path = scenario.Fixture.Folder.File("report-" + System.Guid.NewGuid().ToString("N") + ".html");

        var result = scenario.Run("Export-VppReport", new Parameters().With("Path", path).With("PassThru", true)).ShouldSucceed();

        var file = Assert.Single(result.OutputOf<VppReportFile>());
        Assert.Equal((path, 2, 5), (file.Path, file.TokenCount, file.AssetCount));
        var html = File.ReadAllText(path);
        Assert.Equal(new FileInfo(path).Length, file.Length);
        foreach (var section in new[] { "findings", "usage", "expiry", "failures", "drift", "assets", "words" }) Assert.Contains($"<section id=\"{section}\">", html);
        Assert.Contains(HtmlReport.E(scenario.Fixture.Folder.StorePath), html);
        Assert.Equal(5, Regex.Matches(html, "<g class=\"asset-row\"").Count);
        Assert.Equal(2, Regex.Matches(html, "<circle class=\"expiry-marker\"").Count);
        Assert.Contains("<tr data-error-id=\"NoLicenseAvailable\" data-adam-id=\"" + LicensingFixture.App + "\"", html);
        Assert.Contains("<tr data-error-id=\"BookToDevice\"", html);
        Assert.Contains("Buy 2 more licenses", html);
        Assert.Contains("EXTRA0000001", html);
        Assert.Contains("data-kind=\"TokenExpiry\"", html);
        foreach (var location in new[] { scenario.ParisLocation, scenario.LyonLocation })
        {
            Assert.DoesNotContain(TestApple.SecretOf(location.TokenFileContent), html);
            Assert.DoesNotContain(location.TokenFileContent, html);
        }

        Assert.Empty(Regex.Matches(html, "(src|href)\\s*=", RegexOptions.IgnoreCase));
    }

    [Fact]
    public void WhatIf_writes_nothing_and_an_existing_file_needs_Force()
    {
        var path = scenario.Fixture.Folder.File("again-" + System.Guid.NewGuid().ToString("N") + ".html");

        var whatIf = scenario.Run("Export-VppReport", new Parameters().With("Path", path).With("WhatIf", true));
        Assert.True(Assert.Single(whatIf.ShouldProcessCalls).WhatIf);
        Assert.False(File.Exists(path));

        File.WriteAllText(path, "keep me");
        var refused = scenario.Run("Export-VppReport", new Parameters().With("Path", path));
        Assert.Equal((ReportFile.FileExists, (object)path), (refused.TerminatingError?.ErrorId, refused.TerminatingError?.Target));
        Assert.Contains(path, refused.TerminatingError!.Message);
        Assert.Equal("keep me", File.ReadAllText(path));

        scenario.Run("Export-VppReport", new Parameters().With("Path", path).With("Force", true)).ShouldSucceed();
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(path));
    }

    [Fact]
    public void A_missing_folder_is_an_error_naming_the_path()
    {
        var path = Path.Combine(scenario.Fixture.Folder.Path, "no-such-folder", "report.html");

        var result = scenario.Run("Export-VppReport", new Parameters().With("Path", path));

        Assert.Equal(ReportFile.FolderNotFound, result.TerminatingError?.ErrorId);
        Assert.Contains(path, result.TerminatingError!.Message);
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    [Fact]
    public void A_relative_path_is_resolved_from_the_current_location_and_tokens_can_be_piped()
    {
        var name = "lyon-" + System.Guid.NewGuid().ToString("N") + ".html";
        var lyon = scenario.Run("Get-VppToken", new Parameters().With("Name", ReportScenario.Lyon)).Output;

        var result = scenario.Fixture.Run("Export-VppReport", new Parameters().With("Path", name).With("PassThru", true), lyon,
            host => host.CurrentLocation = scenario.Fixture.Folder.Path).ShouldSucceed();

        var file = Assert.Single(result.OutputOf<VppReportFile>());
        Assert.Equal(scenario.Fixture.Folder.File(name), file.Path);
        Assert.Equal((1, 1), (file.TokenCount, file.AssetCount));
        Assert.DoesNotContain(ReportScenario.Paris, File.ReadAllText(file.Path));
    }
}
