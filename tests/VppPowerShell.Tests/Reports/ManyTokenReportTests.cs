using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using VppPowerShell.Core.Reports;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Reports;

/// <summary>
/// The report of 300 tokens that each bought the same 50 apps (15,000 pools), exported and queried in
/// real PowerShell, then read in headless Chromium the way a reader uses it: typing in the filter,
/// choosing a sort, opening an app's line.
/// </summary>
public sealed class ManyTokenReportTests : IDisposable
{
    private const int TokenCount = 300;
    private const int AppCount = 50;
    private readonly TempFolder folder = new();

    public ManyTokenReportTests()
    {
        ManyTokenReportStore.Seed(folder.StorePath, TokenCount, AppCount, DateTimeOffset.UtcNow);
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public void AcrossTokens_gives_one_object_per_app_with_totals_and_every_tokens_pool_underneath()
    {
        var apps = Run("Get-VppLicenseReport", new Parameters().With("AcrossTokens", true)).OutputOf<VppAppLicenseReport>().ToList();
        var pools = Run("Get-VppLicenseReport", new Parameters()).OutputOf<VppLicenseReport>().ToList();

        Assert.Equal(AppCount, apps.Count);
        Assert.Equal(apps.Select(a => a.Name).OrderBy(n => n, StringComparer.OrdinalIgnoreCase), apps.Select(a => a.Name));
        var app = apps.Single(a => a.AdamId == ManyTokenReportStore.AdamId(7));
        Assert.Equal(("Book 007", "Book", TokenCount), (app.Name, app.ProductType, app.TokenCount));
        Assert.Equal(TokenCount, app.Pools.Count);
        var tokens = Enumerable.Range(1, TokenCount);
        Assert.Equal(tokens.Sum(t => ManyTokenReportStore.Total(t, 7)), app.TotalCount);
        Assert.Equal(tokens.Sum(t => ManyTokenReportStore.Assigned(t, 7)), app.AssignedCount);
        Assert.Equal(app.TotalCount - app.AssignedCount, app.AvailableCount);
        var shortIn = tokens.Where(t => ManyTokenReportStore.IsShort(t, 7)).ToList();
        Assert.Equal(shortIn.Count, app.OversubscribedTokenCount);
        Assert.Equal(2 * shortIn.Count, app.LicensesNeeded); // Each short pool misses 2; another token's free licenses cannot fill it.
        Assert.Equal(ManyTokenReportStore.TokenName(shortIn[0]), app.TightestPool.TokenName);
        Assert.Equal(shortIn.Select(ManyTokenReportStore.TokenName), app.Pools.Take(shortIn.Count).Select(p => p.TokenName));
        Assert.Equal(pools.Where(p => p.AdamId == app.AdamId).Select(p => p.TokenId).OrderBy(id => id), app.Pools.Select(p => p.TokenId).OrderBy(id => id));

        var oneToken = Run("Get-VppLicenseReport", new Parameters().With("AcrossTokens", true).With("TokenName", ManyTokenReportStore.TokenName(5)).With("AdamId", app.AdamId))
            .OutputOf<VppAppLicenseReport>().Single();
        Assert.Equal((1, ManyTokenReportStore.Total(5, 7)), (oneToken.TokenCount, oneToken.TotalCount));

        var table = CmdletRunner.Script($"Get-VppLicenseReport -StorePath '{folder.StorePath}' -AcrossTokens -AdamId {app.AdamId} | Out-String -Width 200").ShouldSucceed();
        var text = string.Concat(table.Output);
        Assert.Matches(@"AdamId\s+Name\s+Tokens\s+Total\s+Assigned\s+Avail\s+Desired\s+Failed\s+Needed\s+ShortIn\s+TightestPool", text);
        Assert.Matches($@"{app.AdamId}\s+Book 007\s+{TokenCount}\s+{app.TotalCount}\s+{app.AssignedCount}\s+{app.AvailableCount}\s", text);
    }

    [Fact]
    public void The_page_of_many_tokens_filters_and_sorts_in_headless_Chromium()
    {
        _ = Chromium.Path;
        var work = folder.File("chromium");
        Directory.CreateDirectory(work);
        var path = Path.Combine(work, "report.html");
        Run("Export-VppReport", new Parameters().With("Path", path)).ShouldSucceed();
        var apps = Run("Get-VppLicenseReport", new Parameters().With("AcrossTokens", true).With("TargetLimit", 1)).OutputOf<VppAppLicenseReport>().ToList();
        var length = new FileInfo(path).Length;
        Assert.True(length < 2_000_000, $"The page of {TokenCount} tokens is {length} bytes.");

        var result = JsonDocument.Parse(Chromium.RunInPage(path, work, """
            var list = page.getElementById('app-list'), filter = page.getElementById('app-filter'), sort = page.getElementById('app-sort');
            function ids() {
              return Array.prototype.filter.call(list.querySelectorAll('details.app'), function (a) { return a.getClientRects().length > 0; })
                .map(function (a) { return a.getAttribute('data-adam-id'); });
            }
            function type(text) { filter.value = text; filter.dispatchEvent(new Event('input', { bubbles: true })); }
            function choose(value) { sort.value = value; sort.dispatchEvent(new Event('change', { bubbles: true })); }
            function later() { return new Promise(function (resolve) { setTimeout(resolve, 0); }); }
            function rows(adamId) {
              return Array.prototype.map.call(list.querySelectorAll('details.app[data-adam-id="' + adamId + '"] tr.pool'), function (row) {
                return Array.prototype.map.call(row.cells, function (c) { return c.textContent; });
              });
            }
            var result = { all: ids(), shown: page.getElementById('app-shown').textContent };
            type('BOOK 0');
            result.books = ids();
            result.booksShown = page.getElementById('app-shown').textContent;
            type('annex');
            result.annex = ids().length;
            list.querySelector('details.app[data-adam-id="1000000007"] summary').click();
            return later().then(function () {
              result.annexPools = rows('1000000007');
              result.annexPoolHtml = list.querySelector('details.app[data-adam-id="1000000007"] tr.pool td').innerHTML;
              type('');
              choose('available');
              result.byAvailable = ids();
              choose('scarcity');
              result.byScarcity = ids();
              result.allPools = rows('1000000007');
              return result;
            });
            """)).RootElement;

        var all = apps.Select(a => a.AdamId).ToList();
        Assert.Equal(all, Strings(result, "all"));
        Assert.Equal($"{AppCount} apps and books", result.GetProperty("shown").GetString());
        var books = apps.Where(a => a.ProductType == "Book").Select(a => a.AdamId).ToList();
        Assert.Equal(7, books.Count);
        Assert.Equal(books, Strings(result, "books"));
        Assert.Equal($"7 of {AppCount} apps and books match", result.GetProperty("booksShown").GetString());

        // A token's name finds every app it bought; the opened app lists only that token's pools, its name as text.
        Assert.Equal(AppCount, result.GetProperty("annex").GetInt32());
        var annex = Enumerable.Range(1, TokenCount).Where(t => ManyTokenReportStore.TokenName(t).Contains("Annex", StringComparison.Ordinal)).ToList();
        var annexRows = Rows(result, "annexPools");
        Assert.Equal(annex.Select(ManyTokenReportStore.TokenName).OrderBy(n => n, StringComparer.OrdinalIgnoreCase), annexRows.Select(r => r[0]).OrderBy(n => n, StringComparer.OrdinalIgnoreCase));
        Assert.Contains("O'Neil <Annex>", annexRows[0][0]);
        Assert.Contains("&lt;Annex&gt;", result.GetProperty("annexPoolHtml").GetString());
        var first = annexRows.Single(r => r[0] == ManyTokenReportStore.TokenName(annex[0]));
        Assert.Equal(ManyTokenReportStore.Total(annex[0], 7).ToString("N0", System.Globalization.CultureInfo.InvariantCulture), first[1]);

        Assert.Equal(apps.OrderBy(a => a.AvailableCount).ThenBy(a => a.Name, StringComparer.OrdinalIgnoreCase).Select(a => a.AdamId), Strings(result, "byAvailable"));
        Assert.Equal(Scarcity.Tightest(apps).Select(a => a.AdamId), Strings(result, "byScarcity"));
        var book = apps.Single(a => a.AdamId == "1000000007");
        var allRows = Rows(result, "allPools");
        Assert.Equal(TokenCount, allRows.Count);
        Assert.Equal(book.Pools.Select(p => p.TokenName), allRows.Select(r => r[0])); // Closest to running out first, as -AcrossTokens lists them.
    }

    private CmdletResult Run(string command, Parameters parameters) => CmdletRunner.Invoke(command, parameters.With("StorePath", folder.StorePath));

    private static List<string> Strings(JsonElement result, string name) => result.GetProperty(name).EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList();

    private static List<List<string>> Rows(JsonElement result, string name) =>
        result.GetProperty(name).EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString() ?? string.Empty).ToList()).ToList();
}
