using System;
using System.Linq;
using System.Text.RegularExpressions;
using VppPowerShell.Core.Reports;
using Xunit;

namespace VppPowerShell.Core.Tests.Reports;

/// <summary>The same app across tokens: grouping, what the report leads with, and escaping in the grouped parts of the page.</summary>
public sealed class AppLicenseReportTests : IDisposable
{
    private readonly ReportStore data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public void An_app_bought_by_several_tokens_adds_up_its_pools_and_no_token_lends_licenses_to_another()
    {
        var paris = data.AddToken("Paris", ReportStore.Now.AddDays(200));
        var lyon = data.AddToken("Lyon", ReportStore.Now.AddDays(12));
        var nice = data.AddToken("Nice", ReportStore.Now.AddDays(300));
        data.AddAsset(paris, "100", "Pages", total: 2, assigned: 2);
        for (var i = 0; i < 5; i++) data.Desire(paris, "100", "Device", ReportStore.Serial(i), "Device"); // 3 missing in Paris.
        data.Assign(paris, "100", serial: ReportStore.Serial(0));
        data.Assign(paris, "100", serial: ReportStore.Serial(1));
        data.AddAsset(lyon, "100", "Pages", total: 50, assigned: 10);
        data.AddAsset(nice, "100", "Pages", total: 10, assigned: 9);
        data.AddAsset(paris, "200", "Keynote", total: 5, assigned: 1);
        data.AddAsset(paris, "300", "Free app", total: int.MaxValue, assigned: 7);
        data.AddAsset(lyon, "300", "Free app", total: int.MaxValue, assigned: 3);

        var apps = VppAppLicenseReport.Group(Build());

        Assert.Equal(new[] { "Free app", "Keynote", "Pages" }, apps.Select(a => a.Name));
        var pages = apps.Single(a => a.AdamId == "100");
        Assert.Equal((3, 62, 21, 41), (pages.TokenCount, pages.TotalCount, pages.AssignedCount, pages.AvailableCount));
        Assert.Equal(5, pages.DesiredCount);
        Assert.Equal(3, pages.LicensesNeeded); // Lyon's 40 free licenses cannot serve Paris.
        Assert.Equal(1, pages.OversubscribedTokenCount);
        Assert.True(pages.IsOversubscribed);
        Assert.Equal(new[] { "Paris", "Nice", "Lyon" }, pages.Pools.Select(p => p.TokenName)); // Missing first, then the smallest share free.
        Assert.Same(pages.Pools[0], pages.TightestPool);
        Assert.Equal(new LicenseReports(data.Store, () => ReportStore.Now).Tokens().Single(t => t.Name == "Lyon").DaysUntilExpiry, pages.DaysUntilFirstExpiry);

        var free = apps.Single(a => a.AdamId == "300");
        Assert.True(free.IsUnlimited);
        Assert.Equal((VppLicenseReport.UnlimitedCount, 10, 0), (free.TotalCount, free.AssignedCount, free.LicensesNeeded));
        Assert.Single(apps.Single(a => a.AdamId == "200").Pools);
    }

    [Fact]
    public void The_page_leads_with_the_pools_and_apps_closest_to_running_out_and_the_largest_shortfalls()
    {
        var paris = data.AddToken("Paris", ReportStore.Now.AddDays(200));
        var lyon = data.AddToken("Lyon", ReportStore.Now.AddDays(200));
        Short(paris, "100", "Pages", owned: 1, asked: 2);   // 1 missing.
        Short(lyon, "200", "Keynote", owned: 1, asked: 5);  // 4 missing.
        data.AddAsset(lyon, "100", "Pages", total: 10, assigned: 9);
        data.AddAsset(paris, "300", "Numbers", total: 10, assigned: 2);
        data.AddAsset(paris, "400", "Unused", total: 10, assigned: 0);
        data.AddAsset(lyon, "500", "Free app", total: int.MaxValue, assigned: 9);

        var document = Document();
        var html = HtmlReport.Render(document);

        var oversubscribed = document.Findings.Where(f => f.Kind == "Oversubscribed").Select(f => f.AdamId).ToList();
        Assert.Equal(new[] { "200", "100" }, oversubscribed); // The largest shortfall first.
        var pools = Rows(Section(html, "tightest-pools"));
        Assert.Equal(new[] { ("200", "Lyon"), ("100", "Paris"), ("100", "Lyon"), ("300", "Paris") }, pools.Select(r => (r.AdamId, TokenOf(document, r.TokenId))));
        var apps = Rows(Section(html, "tightest-apps"));
        Assert.Equal(new[] { "100" }, apps.Select(r => r.AdamId)); // Only Pages is bought by more than one token.
        Assert.True(html.IndexOf("id=\"running-out\"", StringComparison.Ordinal) < html.IndexOf("id=\"assets\"", StringComparison.Ordinal));
        Assert.True(html.IndexOf("id=\"running-out\"", StringComparison.Ordinal) < html.IndexOf("id=\"usage\"", StringComparison.Ordinal));

        // One line per app, each carrying its pools as numbers for the page's script: token, owned, assigned, free, asked for, missing, failed.
        Assert.Equal(5, Regex.Matches(html, "<details class=\"app\"").Count);
        Assert.Contains($"data-adam-id=\"100\" data-search=\"pages 100\" data-name-rank=\"3\" data-rank=\"1\" data-available=\"1\" data-assigned=\"10\" data-tokens=\"2\" data-pools=\"{paris},1,1,0,2,1,0;{lyon},10,9,1,0,0,0\"", html);
        Assert.Contains($"data-pools=\"{lyon},u,9,u,0,0,0\"", html);
    }

    [Fact]
    public void Many_findings_are_summed_up_by_kind_and_the_page_keeps_to_its_limits()
    {
        var token = data.AddToken("Paris", ReportStore.Now.AddDays(200));
        const int shortPools = 260; // Each is short (Urgent) and has targets without their license (Soon): 520 findings.
        for (var i = 0; i < shortPools; i++) Short(token, (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), $"App {i:D4}", owned: 1, asked: 2 + i % 3);

        var document = Document();
        var html = HtmlReport.Render(document);

        Assert.Equal(2 * shortPools, document.Findings.Count);
        Assert.Contains("<p class=\"lead\" id=\"findings-summary\">520 findings: <b>Urgent</b> 260 pool(s) short of licenses; <b>Soon</b> 260 pool(s) with targets missing their license.</p>", html);
        Assert.Equal(HtmlReport.MaxFindings, Regex.Matches(html, "<li class=\"finding ").Count);
        var beforeFold = html.Substring(0, html.IndexOf("id=\"more-findings\"", StringComparison.Ordinal));
        Assert.Equal(HtmlReport.FindingsShown, Regex.Matches(beforeFold, "<li class=\"finding ").Count);
        Assert.Contains("licenses exist: 3 more are needed.", Regex.Match(beforeFold, "<li class=\"finding critical\".*?</li>").Value); // The largest shortfall first.
        Assert.Contains("And 20 more, not listed here (20 pool(s) with targets missing their license)", html);
        Assert.Equal(HtmlAppSections.TightestShown, Rows(Section(html, "tightest-pools")).Count);
    }

    [Fact]
    public void Names_in_the_grouped_parts_are_escaped()
    {
        const string evil = "<script>alert(1)</script>\"'&";
        var paris = data.AddToken("Paris " + evil, ReportStore.Now.AddDays(200));
        var lyon = data.AddToken("Lyon", ReportStore.Now.AddDays(200));
        Short(paris, "100", "Pages " + evil, owned: 1, asked: 2);
        data.AddAsset(lyon, "100", "Pages " + evil, total: 10, assigned: 3);

        var html = HtmlReport.Render(Document());

        Assert.DoesNotContain("<script>alert", html);
        Assert.Single(Regex.Matches(html, "<script", RegexOptions.IgnoreCase));
        const string escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;";
        Assert.Contains("data-search=\"pages " + escaped + " 100\"", html);
        Assert.Contains("<span class=\"app-name\">Pages " + escaped + "</span>", html);
        Assert.Contains("<td>Paris " + escaped + "</td>", Section(html, "tightest-pools"));
        Assert.Contains("Paris " + escaped + " <span class=\"muted\">1 missing</span>", Section(html, "tightest-apps"));
    }

    private void Short(int token, string adamId, string name, int owned, int asked)
    {
        data.AddAsset(token, adamId, name, total: owned, assigned: owned);
        for (var i = 0; i < asked; i++)
        {
            var serial = $"{adamId}-{token}-{i}";
            data.Desire(token, adamId, "Device", serial, "Device");
            if (i < owned) data.Assign(token, adamId, serial: serial);
        }
    }

    private System.Collections.Generic.IReadOnlyList<VppLicenseReport> Build() => new LicenseReports(data.Store, () => ReportStore.Now).Build();

    private ReportDocument Document()
    {
        var reports = new LicenseReports(data.Store, () => ReportStore.Now);
        return new ReportDocument(ReportStore.Now, data.Store.Path, "every token", reports.Tokens(), reports.Build(targetLimit: HtmlReport.ExamplesShown));
    }

    private static string TokenOf(ReportDocument document, string? tokenId) => document.Tokens.Single(t => t.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture) == tokenId).Name;

    private static string Section(string html, string tableId)
    {
        var start = html.IndexOf($"<table id=\"{tableId}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No table {tableId}.");
        return html.Substring(start, html.IndexOf("</table>", start, StringComparison.Ordinal) - start);
    }

    private static System.Collections.Generic.List<(string AdamId, string? TokenId)> Rows(string table) =>
        Regex.Matches(table, "<tr data-adam-id=\"([^\"]*)\"(?: data-token-id=\"([^\"]*)\")?>")
            .Select(m => (m.Groups[1].Value, m.Groups[2].Success ? m.Groups[2].Value : null)).ToList();
}
