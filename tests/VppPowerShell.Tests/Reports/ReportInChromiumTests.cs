using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using VppPowerShell.Core.Reports;
using VppPowerShell.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace VppPowerShell.Tests.Reports;

/// <summary>Opens the exported report in headless Chromium and checks what a reader would see was drawn.</summary>
public sealed class ReportInChromiumTests : IClassFixture<ReportScenario>
{
    private readonly ReportScenario scenario;
    private readonly ITestOutputHelper output;

    public ReportInChromiumTests(ReportScenario scenario, ITestOutputHelper output)
    {
        this.scenario = scenario;
        this.output = output;
    }

    [Fact]
    public void The_charts_render_offline_in_headless_Chromium_and_a_screenshot_is_kept()
    {
        var chromium = Chromium.Path; // Installs Debian's chromium first when it is missing.
        var work = scenario.Fixture.Folder.File("chromium");
        Directory.CreateDirectory(work);
        var path = Path.Combine(work, "report.html");
        scenario.Run("Export-VppReport", new Parameters().With("Path", path)).ShouldSucceed();
        var reports = scenario.Run("Get-VppLicenseReport", new Parameters()).OutputOf<VppLicenseReport>().ToList();
        var clock = Stopwatch.StartNew();

        var dom = Chromium.DumpDom(path, work);
        var domTime = clock.Elapsed;
        var png = Chromium.Screenshot(path, work);
        output.WriteLine($"{chromium}: DOM in {domTime.TotalSeconds:0.0} s, screenshot in {(clock.Elapsed - domTime).TotalSeconds:0.0} s");

        // The page's script measured what the browser laid out: every bar drawn, every expiry marker placed.
        var bars = Tags(dom, "rect").Where(t => Classes(t).Contains("bar")).ToList();
        Assert.NotEmpty(bars);
        Assert.Equal(bars.Count.ToString(CultureInfo.InvariantCulture), BodyAttribute(dom, "data-rendered-bars"));
        foreach (var report in reports)
        {
            var drawn = bars.Where(b => b["data-adam-id"] == report.AdamId && b["data-token-id"] == report.TokenId.ToString(CultureInfo.InvariantCulture)).ToList();
            Assert.True(drawn.Count > 0, $"No bar for {report}.");
            Assert.All(drawn, b => Assert.True(Width(b) > 0, $"A bar of {report} has no width."));
        }

        var pages = Bar(bars, reports.Single(r => r.TokenName == ReportScenario.Paris && r.AdamId == Licensing.LicensingFixture.App), "bar-short");
        var assigned = Bar(bars, reports.Single(r => r.TokenName == ReportScenario.Paris && r.AdamId == Licensing.LicensingFixture.App), "bar-assigned");
        Assert.InRange(Width(pages) / Width(assigned), 0.6, 0.73); // 2 licenses missing beside 3 assigned.

        var markers = Tags(dom, "circle").Where(t => Classes(t).Contains("expiry-marker")).ToList();
        Assert.Equal(2, markers.Count);
        Assert.Equal("2", BodyAttribute(dom, "data-rendered-markers"));
        var lyon = RenderedX(markers, scenario, ReportScenario.Lyon);
        var paris = RenderedX(markers, scenario, ReportScenario.Paris);
        Assert.True(lyon < paris, "The token that expires in 10 days sits left of the one that expires in a year.");
        Assert.Contains("data-expiry-level=\"Within14Days\"", dom);
        Assert.Equal(3, Tags(dom, "rect").Count(t => Classes(t).Contains("warning-band")));
        Assert.Contains("data-kind=\"Oversubscribed\"", dom);

        var kept = Keep(png, path);
        var size = PngSize(kept);
        Assert.Equal((1280, 1600), size);
        Assert.True(new FileInfo(kept).Length > 30_000, "The screenshot looks blank.");
    }

    private static Dictionary<string, string> Bar(List<Dictionary<string, string>> bars, VppLicenseReport report, string kind) =>
        bars.Single(b => Classes(b).Contains(kind) && b["data-adam-id"] == report.AdamId && b["data-token-id"] == report.TokenId.ToString(CultureInfo.InvariantCulture));

    private static double RenderedX(List<Dictionary<string, string>> markers, ReportScenario scenario, string tokenName)
    {
        var token = scenario.Run("Get-VppToken", new Parameters().With("Name", tokenName)).OutputOf<Core.Tokens.VppToken>().Single();
        return double.Parse(markers.Single(m => m["data-token-id"] == token.TokenId.ToString(CultureInfo.InvariantCulture))["data-rendered-x"], CultureInfo.InvariantCulture);
    }

    private static double Width(Dictionary<string, string> tag) =>
        tag.TryGetValue("data-rendered-width", out var width) ? double.Parse(width, CultureInfo.InvariantCulture) : 0;

    private static string[] Classes(Dictionary<string, string> tag) => tag.TryGetValue("class", out var css) ? css.Split(' ') : Array.Empty<string>();

    private static string? BodyAttribute(string dom, string name) => Tags(dom, "body").Single().TryGetValue(name, out var value) ? value : null;

    /// <summary>The attributes of each start tag of an element in serialized HTML.</summary>
    private static List<Dictionary<string, string>> Tags(string dom, string element) =>
        Regex.Matches(dom, $"<{element}\\b([^>]*)>", RegexOptions.IgnoreCase)
            .Select(m => Regex.Matches(m.Groups[1].Value, "([\\w:-]+)=\"([^\"]*)\"").ToDictionary(a => a.Groups[1].Value, a => a.Groups[2].Value))
            .ToList();

    /// <summary>Copies the screenshot and the page to TestResults under the test output folder, where CI keeps them.</summary>
    private string Keep(string png, string html)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(folder);
        var kept = Path.Combine(folder, "report-screenshot.png");
        File.Copy(png, kept, overwrite: true);
        File.Copy(html, Path.Combine(folder, "report.html"), overwrite: true);
        output.WriteLine($"Screenshot of the report: {kept}");
        Console.WriteLine($"Screenshot of the report: {kept}");
        return kept;
    }

    private static (int Width, int Height) PngSize(string path)
    {
        var header = new byte[24];
        using (var stream = File.OpenRead(path)) stream.ReadExactly(header);
        int Read(int at) => (header[at] << 24) | (header[at + 1] << 16) | (header[at + 2] << 8) | header[at + 3];
        return (Read(16), Read(20));
    }
}
