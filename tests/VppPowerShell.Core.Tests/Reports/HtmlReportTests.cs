using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using VppPowerShell.Core.Reports;
using Xunit;

namespace VppPowerShell.Core.Tests.Reports;

public sealed class HtmlReportTests : IDisposable
{
    private const string Evil = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>&amp;";
    private readonly ReportStore data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public void Every_text_from_the_store_is_escaped_no_HTML_injection()
    {
        var secret = "S3CRET-" + Guid.NewGuid().ToString("N");
        var token = data.AddToken("Paris " + Evil, ReportStore.Now.AddDays(5), secret);
        data.AddAsset(token, "100", "Pages " + Evil, 1, 1);
        data.Desire(token, "100", "User", "eve" + Evil, "User");
        data.Assign(token, "100", user: "mallory" + Evil);
        data.Status(token, "100", "User", "trent" + Evil, "Failed", "NoLicenseAvailable", "reason " + Evil);

        var html = Render();

        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("onerror=alert(1)>", html);
        Assert.Contains("Pages &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;", html);
        Assert.Contains("eve&lt;script&gt;", html);
        Assert.Contains("mallory&lt;script&gt;", html);
        Assert.Contains("trent&lt;script&gt;", html);
        Assert.Contains("reason &lt;script&gt;", html);
        // One script element: the report's own, allowed by its hash in the Content-Security-Policy.
        Assert.Single(Regex.Matches(html, "<script", RegexOptions.IgnoreCase));
        Assert.DoesNotContain(secret, html);
    }

    [Fact]
    public void The_page_loads_nothing_from_elsewhere()
    {
        var token = data.AddToken("Paris", ReportStore.Now.AddDays(200));
        data.AddAsset(token, "100", "Pages", 10, 3);

        var html = Render();

        Assert.Contains("Content-Security-Policy", html);
        Assert.Contains("default-src 'none'", html);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Regex.Matches(html, "(src|href)\\s*=", RegexOptions.IgnoreCase));
        Assert.Empty(Regex.Matches(html, "<(iframe|object|embed|img|link)\\b", RegexOptions.IgnoreCase));
    }

    [Fact]
    public void Says_what_it_is_when_and_from_which_store_and_what_to_do_per_finding()
    {
        var paris = data.AddToken("Paris", ReportStore.Now.AddDays(6).AddHours(-1));
        var lyon = data.AddToken("Lyon", ReportStore.Now.AddDays(20).AddHours(-1));
        data.AddAsset(paris, "100", "Pages", 2, 2);
        for (var i = 0; i < 5; i++) data.Desire(paris, "100", "Device", ReportStore.Serial(i), "Device");
        data.Assign(paris, "100", serial: ReportStore.Serial(0));
        data.Assign(paris, "100", serial: ReportStore.Serial(1));
        data.Status(paris, "100", "Device", ReportStore.Serial(2), "Failed", "NoLicenseAvailable", "No license left.");
        data.AddAsset(lyon, "200", "Keynote", 10, 1, confirmedOn: ReportStore.Now.AddDays(-3));
        data.Desire(lyon, "200", "Device", "KEYN00000001", "Device");
        data.Assign(lyon, "200", serial: "KEYN00000001");
        data.Assign(lyon, "200", serial: "EXTRA0000001");

        var document = Document();
        var html = HtmlReport.Render(document);

        Assert.Contains("Apple app and book licenses", html);
        Assert.Contains("2026-03-02 09:30 UTC", html);
        Assert.Contains(HtmlReport.E(data.Store.Path), html);
        Assert.Contains("class=\"finding critical\" data-kind=\"TokenExpiry\"", html);
        Assert.Contains("class=\"finding warning\" data-kind=\"TokenExpiry\"", html);
        Assert.Contains("data-kind=\"Oversubscribed\"", html);
        Assert.Contains("Buy 3 more licenses", html);
        Assert.Contains("data-kind=\"AssignedNotDesired\"", html);
        Assert.Contains("data-kind=\"StaleCounts\"", html);
        Assert.Contains("Set-VppToken -Name &#39;Paris&#39; -Path", html);
        Assert.Equal(ReportFindings.For(document.Tokens, document.Assets, document.GeneratedOn).Count, Regex.Matches(html, "<li class=\"finding ").Count);
        Assert.Contains("<tr data-error-id=\"NoLicenseAvailable\"", html);
        Assert.Equal(2, Regex.Matches(html, "<circle class=\"expiry-marker\"").Count);
        Assert.Equal(3, Regex.Matches(html, "data-days=\"(7|14|30)\"").Count);
        Assert.Contains("class=\"bar bar-short\"", html);
    }

    [Fact]
    public void Writing_refuses_a_missing_folder_an_existing_file_and_a_folder_naming_the_path()
    {
        var missing = Path.Combine(data.Folder.Path, "nope", "report.html");
        var existing = data.Folder.Write("old.html", "old");

        var noFolder = Assert.Throws<VppException>(() => ReportFile.Write(missing, "x", false));
        var exists = Assert.Throws<VppException>(() => ReportFile.Write(existing, "x", false));
        var folder = Assert.Throws<VppException>(() => ReportFile.Write(data.Folder.Path, "x", true));

        Assert.Equal((ReportFile.FolderNotFound, missing), (noFolder.ErrorId, noFolder.Target));
        Assert.Contains(missing, noFolder.Message);
        Assert.Equal((ReportFile.FileExists, existing), (exists.ErrorId, exists.Target));
        Assert.Contains(existing, exists.Message);
        Assert.Equal(ReportFile.PathIsFolder, folder.ErrorId);
        Assert.Equal("old", File.ReadAllText(existing));
        ReportFile.Write(existing, "new", true);
        Assert.Equal("new", File.ReadAllText(existing));
        Assert.Single(Directory.GetFiles(data.Folder.Path, "*.html"));
        Assert.Empty(Directory.GetFiles(data.Folder.Path, "*.tmp"));
    }

    private ReportDocument Document()
    {
        var reports = new LicenseReports(data.Store, () => ReportStore.Now);
        return new ReportDocument(ReportStore.Now, data.Store.Path, "every token", reports.Tokens(), reports.Build(targetLimit: HtmlReport.ExamplesShown));
    }

    private string Render() => HtmlReport.Render(Document());
}
