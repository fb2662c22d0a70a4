using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using VppPowerShell.Core.Reports;
using VppPowerShell.Core.Store;
using VppPowerShell.Tests.Reports;
using VppPowerShell.Tests.Shared;

namespace VppPowerShell.Benchmarks;

/// <summary>
/// The HTML report of a many-token store: the store seeded directly (ManyTokenReportStore), then the
/// report built and written as Export-VppReport does, then opened in headless Chromium (the report
/// tests' Chromium, its DOM dumped after the page's script ran). Prints one JSON line: seconds to
/// build and write (and of those, reading the store), the file's size, seconds for Chromium to open
/// it, seconds for the Get-VppLicenseReport -AcrossTokens objects, and how long the page takes to
/// filter by a token's name and to sort.
///   report [--tokens 3000] [--assets 50] [--keep folder]
/// </summary>
public static class ReportBenchmark
{
    public const string Command = "report";

    // In the page, as a reader would: type a token's name in the filter (every pool is read), then sort by fewest free.
    private const string FilterAndSort = """
        var filter = page.getElementById('app-filter'), sort = page.getElementById('app-sort'), list = page.getElementById('app-list');
        var start = performance.now();
        filter.value = 'school 0042';
        filter.dispatchEvent(new Event('input'));
        var filterMs = performance.now() - start;
        start = performance.now();
        sort.value = 'available';
        sort.dispatchEvent(new Event('change'));
        return { filterMs: Math.round(filterMs), sortMs: Math.round(performance.now() - start), matching: Number(list.getAttribute('data-visible')) };
        """;

    public static int Run(Arguments options)
    {
        var tokenCount = options.Int("tokens", 3_000);
        var appCount = options.Int("assets", 50);
        var folder = Path.Combine(Path.GetTempPath(), "vpp-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var storePath = Path.Combine(folder, "vpp.db");
            var now = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            ManyTokenReportStore.Seed(storePath, tokenCount, appCount, now);
            var seedSeconds = clock.Elapsed.TotalSeconds;

            var reportPath = Path.Combine(folder, "report.html");
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            VppReportFile file;
            int pools, apps;
            double groupSeconds;
            using (var store = VppStore.Open(StoreLocation.Resolve(storePath, null)))
            {
                var reports = new LicenseReports(store, () => now);
                var tokens = reports.Tokens();
                var assets = reports.Build(targetLimit: HtmlReport.ExamplesShown);
                var readSeconds = clock.Elapsed.TotalSeconds;
                var document = new ReportDocument(now, store.Path, "every token, every app and book", tokens, assets);
                var findSeconds = clock.Elapsed.TotalSeconds - readSeconds;
                file = VppReportFile.Export(document, reportPath, overwrite: false);
                pools = assets.Count;
                apps = document.Apps.Count;
                var writeSeconds = clock.Elapsed.TotalSeconds;
                var writeCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds; // Steadier than wall time on a busy machine.
                clock.Restart();
                VppAppLicenseReport.Group(reports.Build());
                groupSeconds = clock.Elapsed.TotalSeconds;
                clock.Restart();
                var dom = Chromium.DumpDom(reportPath, folder);
                var openSeconds = clock.Elapsed.TotalSeconds;
                if (!dom.Contains("data-rendered-bars=", StringComparison.Ordinal)) throw new InvalidOperationException("The page's script did not run in Chromium.");
                var typing = JsonDocument.Parse(Chromium.RunInPage(reportPath, folder, FilterAndSort)).RootElement;
                if (options.Text("keep") is { Length: > 0 } keep) File.Copy(reportPath, Path.Combine(keep, "report.html"), overwrite: true);

                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    benchmark = Command,
                    tokens = tokenCount,
                    apps,
                    pools,
                    findings = file.FindingCount,
                    seedSeconds = Math.Round(seedSeconds, 2),
                    writeSeconds = Math.Round(writeSeconds, 2),
                    writeCpuSeconds = Math.Round(writeCpuSeconds, 2),
                    ofWhichStoreReadSeconds = Math.Round(readSeconds, 2),
                    ofWhichFindingsAndGroupingSeconds = Math.Round(findSeconds, 2),
                    bytes = file.Length,
                    megabytes = Math.Round(file.Length / 1048576.0, 2),
                    chromiumOpenSeconds = Math.Round(openSeconds, 2),
                    acrossTokensSeconds = Math.Round(groupSeconds, 2),
                    filterByTokenMs = typing.GetProperty("filterMs").GetDouble(),
                    appsMatchingToken = typing.GetProperty("matching").GetInt32(),
                    sortMs = typing.GetProperty("sortMs").GetDouble(),
                }));
            }

            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
