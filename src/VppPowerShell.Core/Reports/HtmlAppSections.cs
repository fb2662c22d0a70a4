using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using static VppPowerShell.Core.Reports.HtmlReport;

namespace VppPowerShell.Core.Reports;

/// <summary>
/// The parts of the HTML report that read at thousands of tokens: the apps and pools closest to
/// running out, and one line per app or book across the tokens whose pools open underneath. A pool
/// is a few numbers in the page (data-pools), drawn by the page's script when its app is opened, so
/// 3,000 tokens of 50 apps stay a few megabytes.
/// </summary>
internal static class HtmlAppSections
{
    /// <summary>The most apps and pools listed as closest to running out.</summary>
    public const int TightestShown = 10;

    public static void RunningOut(StringBuilder html, ReportDocument document)
    {
        html.Append("<section id=\"running-out\">\n<h2>Closest to running out</h2>\n");
        var pools = Scarcity.Tightest(document.Assets).Take(TightestShown).ToList();
        if (pools.Count == 0)
        {
            html.Append("<p class=\"muted\">No app or book with a limited number of licenses is in use.</p>\n</section>\n");
            return;
        }

        html.Append("<p class=\"explain\">Licenses missing first, then the smallest share still free. A token's licenses serve only that token: ")
            .Append("when one token runs out, buy more for it (or free some there), even if another token has licenses left.</p>\n");
        var apps = Scarcity.Tightest(document.Apps).Where(a => a.TokenCount > 1).Take(TightestShown).ToList();
        if (apps.Count > 0)
        {
            html.Append("<h3>Apps and books across tokens</h3>\n<table id=\"tightest-apps\">\n<thead><tr><th>App or book</th><th class=\"num\">Tokens</th>")
                .Append("<th class=\"num\">Owned</th><th class=\"num\">Free</th><th class=\"num\">Missing</th><th class=\"num\">Tokens short</th><th>Tightest token</th></tr></thead>\n<tbody>\n");
            foreach (var app in apps)
            {
                var tightest = app.TightestPool;
                html.Append("<tr data-adam-id=\"").Append(E(app.AdamId)).Append("\"><td>").Append(E(app.Name ?? app.AdamId)).Append(" <span class=\"muted\">")
                    .Append(E(app.AdamId)).Append("</span></td><td class=\"num\">").Append(Count(app.TokenCount)).Append("</td><td class=\"num\">")
                    .Append(Owned(app.TotalCount, app.IsUnlimited)).Append("</td><td class=\"num\">").Append(Owned(app.AvailableCount, app.IsUnlimited))
                    .Append("</td><td class=\"num\">").Append(Count(app.LicensesNeeded)).Append("</td><td class=\"num\">").Append(Count(app.OversubscribedTokenCount))
                    .Append("</td><td>").Append(E(tightest.TokenName)).Append(" <span class=\"muted\">").Append(E(PoolCounts(tightest))).Append("</span></td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n<h3>Tokens' pools</h3>\n");
        }

        html.Append("<table id=\"tightest-pools\">\n<thead><tr><th>App or book</th><th>Token</th><th class=\"num\">Owned</th><th class=\"num\">Assigned</th>")
            .Append("<th class=\"num\">Free</th><th class=\"num\">Missing</th><th>Use</th></tr></thead>\n<tbody>\n");
        foreach (var pool in pools)
        {
            html.Append("<tr data-adam-id=\"").Append(E(pool.AdamId)).Append("\" data-token-id=\"").Append(pool.TokenId.ToString(CultureInfo.InvariantCulture))
                .Append("\"><td>").Append(E(pool.Name ?? pool.AdamId)).Append(" <span class=\"muted\">").Append(E(pool.AdamId)).Append("</span></td><td>")
                .Append(E(pool.TokenName)).Append("</td><td class=\"num\">").Append(Count(pool.TotalCount)).Append("</td><td class=\"num\">").Append(Count(pool.AssignedCount))
                .Append("</td><td class=\"num\">").Append(Count(pool.AvailableCount)).Append("</td><td class=\"num\">").Append(Count(pool.LicensesNeeded))
                .Append("</td><td>");
            UseBar(html, pool.AssignedCount, pool.AvailableCount, pool.TotalCount, pool.LicensesNeeded);
            html.Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    public static void AppList(StringBuilder html, ReportDocument document)
    {
        html.Append("<section id=\"assets\">\n<h2>All apps and books</h2>\n");
        if (document.Apps.Count == 0)
        {
            html.Append("<p>No apps or books in the store: run Sync-VppToken to read them from Apple.</p>\n</section>\n");
            return;
        }

        html.Append("<p class=\"explain\">One line per app or book, with its licenses added up across the tokens that bought it. ")
            .Append("Open a line to see each token's pool. Type in the filter to find an app, an adamId or a token; the list and the pools opened keep to what matches. ")
            .Append("Apple's counts settle within hours of an install or removal.</p>\n");
        html.Append("<div class=\"controls\"><label>Filter <input id=\"app-filter\" type=\"search\" placeholder=\"app, adamId or token\" autocomplete=\"off\"></label>")
            .Append("<label>Sort by <select id=\"app-sort\"><option value=\"name\">name</option><option value=\"scarcity\">closest to running out</option>")
            .Append("<option value=\"available\">fewest free</option><option value=\"assigned\">most assigned</option><option value=\"tokens\">most tokens</option></select></label>")
            .Append("<span id=\"app-shown\" class=\"muted\">").Append(Count(document.Apps.Count)).Append(" apps and books</span></div>\n");
        html.Append("<noscript><p class=\"muted\">Filtering, sorting and each token's pool need the page's script, which this viewer did not run: ")
            .Append("<code>Get-VppLicenseReport -AcrossTokens</code> lists the same.</p></noscript>\n");
        html.Append("<div id=\"app-list\" data-visible=\"").Append(document.Apps.Count.ToString(CultureInfo.InvariantCulture)).Append("\">\n");
        var rank = Scarcity.Tightest(document.Apps).Select((app, index) => (app, index)).ToDictionary(r => r.app, r => r.index);
        var nameRank = 0;
        foreach (var app in document.Apps)
        {
            var name = app.Name ?? app.AdamId;
            var scarcity = rank.TryGetValue(app, out var index) ? index : rank.Count + nameRank;
            html.Append("<details class=\"app\" data-adam-id=\"").Append(E(app.AdamId)).Append("\" data-search=\"").Append(E((name + " " + app.AdamId).ToLowerInvariant()))
                .Append("\" data-name-rank=\"").Append(I(nameRank++)).Append("\" data-rank=\"").Append(I(scarcity))
                .Append("\" data-available=\"").Append(I(app.IsUnlimited ? int.MaxValue : app.AvailableCount)).Append("\" data-assigned=\"").Append(I(app.AssignedCount))
                .Append("\" data-tokens=\"").Append(I(app.TokenCount)).Append("\" data-pools=\"").Append(PoolData(app.Pools)).Append("\">");
            html.Append("<summary><span class=\"app-name\">").Append(E(Clip(name, 60))).Append("</span> <span class=\"muted\">").Append(E($"{app.AdamId} · {app.ProductType}"))
                .Append("</span><span class=\"app-counts\">");
            UseBar(html, app.AssignedCount, app.IsUnlimited ? 0 : app.AvailableCount, app.IsUnlimited ? 0 : app.TotalCount, app.LicensesNeeded);
            html.Append(E(app.TokenCount == 1 ? app.Pools[0].TokenName : $"{Count(app.TokenCount)} tokens")).Append(" · ")
                .Append(E(app.IsUnlimited ? $"{Count(app.AssignedCount)} assigned · unlimited" : $"{Count(app.AssignedCount)} of {Count(app.TotalCount)} assigned · {Count(app.AvailableCount)} free"));
            if (app.LicensesNeeded > 0)
            {
                html.Append(" · <b class=\"short\">").Append(E($"{Count(app.LicensesNeeded)} missing in {Count(app.OversubscribedTokenCount)} token(s)")).Append("</b>");
            }

            if (app.FailedCount > 0) html.Append(" · <b class=\"short\">").Append(Count(app.FailedCount)).Append(" failed</b>");
            if (app.HasDrift) html.Append(" · <b class=\"drift\">drift</b>");
            html.Append("</span></summary><div class=\"pools\"></div></details>\n");
        }

        html.Append("</div>\n</section>\n");
    }

    /// <summary>A pool as numbers: token id, owned, assigned, free, asked for, missing, failed ('u' for unlimited); pools separated by ';'.</summary>
    private static string PoolData(IEnumerable<VppLicenseReport> pools)
    {
        var data = new StringBuilder();
        foreach (var pool in pools)
        {
            if (data.Length > 0) data.Append(';');
            data.Append(I(pool.TokenId)).Append(',').Append(pool.IsUnlimited ? "u" : I(pool.TotalCount)).Append(',').Append(I(pool.AssignedCount)).Append(',')
                .Append(pool.IsUnlimited ? "u" : I(pool.AvailableCount)).Append(',').Append(I(pool.DesiredCount)).Append(',').Append(I(pool.LicensesNeeded)).Append(',')
                .Append(I(pool.FailedCount));
        }

        return data.ToString();
    }

    /// <summary>A small bar of plain HTML: assigned, free, and missing beyond what is owned.</summary>
    private static void UseBar(StringBuilder html, int assigned, int available, int total, int needed)
    {
        double scale = (long)total + needed;
        html.Append("<span class=\"use\" role=\"img\" aria-label=\"").Append(E($"{assigned} assigned, {available} free, {needed} missing")).Append("\">");
        if (scale > 0)
        {
            var used = System.Math.Min(assigned, total);
            var free = System.Math.Max(0, System.Math.Min(available, total - used));
            Part(html, "assigned", used / scale);
            Part(html, "available", free / scale);
            Part(html, "short", needed / scale);
        }

        html.Append("</span>");
    }

    private static void Part(StringBuilder html, string css, double share)
    {
        if (share <= 0) return;
        html.Append("<i class=\"").Append(css).Append("\" style=\"width:").Append((share * 100).ToString("0.#", CultureInfo.InvariantCulture)).Append("%\"></i>");
    }

    private static string PoolCounts(VppLicenseReport pool) =>
        pool.LicensesNeeded > 0 ? $"{Count(pool.LicensesNeeded)} missing" : $"{Count(pool.AvailableCount)} of {Count(pool.TotalCount)} free";

    private static string Owned(int count, bool unlimited) => unlimited ? "unlimited" : Count(count);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
