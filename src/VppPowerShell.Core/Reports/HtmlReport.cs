using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Core.Reports;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as one self-contained HTML page: inline CSS, inline SVG
/// charts and one small inline script, nothing fetched at view time (a Content-Security-Policy
/// forbids it). Every piece of text from the store is HTML-escaped.
/// </summary>
public static class HtmlReport
{
    /// <summary>The most assets drawn in the chart (flagged ones first); all of them are in the tables.</summary>
    public const int MaxChartRows = 300;

    /// <summary>The most tokens drawn on the timeline (soonest expiry first); all of them are in the table.</summary>
    public const int MaxTimelineRows = 40;

    /// <summary>The most example targets shown per list.</summary>
    public const int ExamplesShown = 10;

    /// <summary>The findings shown before the others are folded away.</summary>
    public const int FindingsShown = 10;

    /// <summary>The most findings in the page; Get-VppLicenseReport lists the rest.</summary>
    public const int MaxFindings = 500;

    /// <summary>The most rows of the failure and drift tables (largest first); Get-VppLicenseReport lists the rest.</summary>
    public const int MaxTableRows = 200;

    private const double ChartWidth = 1000;
    private const double BarLeft = 340;
    private const double BarWidth = 400;
    private const double ChartRowHeight = 52;

    private const string Css = """
        :root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #d9dee7; --assigned: #2f6fdf; --available: #36a269;
          --short: #d63b3b; --drift: #c27c0e; --notice: #5b6475; --bg-soft: #f5f7fa; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: var(--ink); background: #fff; }
        main { max-width: 1040px; margin: 0 auto; padding: 24px 28px 48px; }
        h1 { font-size: 26px; margin: 0 0 6px; }
        h2 { font-size: 20px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
        p.lead { font-size: 16px; margin: 6px 0 12px; }
        .muted, .explain { color: var(--muted); }
        .explain { margin: 4px 0 12px; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 12px 0; padding: 12px 16px; background: var(--bg-soft); border-radius: 6px; }
        dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; word-break: break-all; }
        .tiles { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
        .tile { flex: 1 1 140px; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
        .tile .value { font-size: 24px; font-weight: 700; } .tile .label { color: var(--muted); font-size: 13px; }
        ol.findings { list-style: none; padding: 0; margin: 0; }
        ol.findings li { border-left: 5px solid var(--notice); background: var(--bg-soft); padding: 8px 12px; margin: 8px 0; border-radius: 0 6px 6px 0; }
        ol.findings li.critical { border-color: var(--short); } ol.findings li.warning { border-color: var(--drift); }
        .badge { display: inline-block; font-size: 12px; font-weight: 700; padding: 1px 7px; border-radius: 10px; color: #fff; background: var(--notice); margin-right: 6px; }
        .badge.critical { background: var(--short); } .badge.warning { background: var(--drift); }
        .todo { margin-top: 4px; } .todo b { font-weight: 600; }
        .good { padding: 10px 14px; background: #e9f6ee; border-radius: 6px; }
        svg { display: block; max-width: 100%; height: auto; }
        svg text { font-family: inherit; }
        .legend { display: flex; flex-wrap: wrap; gap: 16px; font-size: 13px; margin: 6px 0; }
        .legend span::before { content: ""; display: inline-block; width: 14px; height: 10px; margin-right: 6px; vertical-align: middle; background: var(--c); }
        table { border-collapse: collapse; width: 100%; font-size: 13.5px; margin: 8px 0; }
        th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
        th { background: var(--bg-soft); font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.targets { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; overflow-wrap: anywhere; min-width: 12em; }
        code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px; background: var(--bg-soft); padding: 0 3px; border-radius: 3px; }
        .level-Expired, .level-Within7Days { color: var(--short); font-weight: 700; } .level-Within14Days, .level-Within30Days { color: var(--drift); font-weight: 600; }
        h3 { font-size: 16px; margin: 18px 0 4px; }
        details > summary { cursor: pointer; }
        .controls { display: flex; flex-wrap: wrap; gap: 8px 18px; align-items: center; margin: 10px 0; padding: 8px 12px; background: var(--bg-soft); border-radius: 6px; }
        .controls input, .controls select { font: inherit; padding: 3px 6px; margin-left: 6px; }
        .controls input { width: 18em; }
        details.app { border-bottom: 1px solid var(--line); padding: 5px 0; }
        details.app > summary { display: flex; flex-wrap: wrap; gap: 2px 8px; align-items: baseline; }
        .app-name { font-weight: 600; } .app-counts { margin-left: auto; font-size: 13.5px; }
        b.short { color: var(--short); } b.drift { color: var(--drift); }
        details.app .pools { margin: 4px 0 8px 18px; }
        tr.pool.short td:first-child { color: var(--short); font-weight: 600; }
        .use { display: inline-flex; width: 120px; height: 10px; margin-right: 8px; background: var(--bg-soft); border: 1px solid var(--line); vertical-align: middle; }
        .use i { display: block; height: 100%; } .use i.assigned { background: var(--assigned); } .use i.available { background: var(--available); } .use i.short { background: var(--short); }
        dl.words dt { font-weight: 600; margin-top: 6px; } dl.words dd { margin: 0 0 0 16px; }
        footer { margin-top: 40px; color: var(--muted); font-size: 12.5px; }
        @media print { main { max-width: none; } h2 { break-after: avoid; } svg, tr { break-inside: avoid; } }
        """;

    public static string Render(ReportDocument document)
    {
        var html = new StringBuilder(64 * 1024);
        var scriptHash = Convert.ToBase64String(Sha256(Encoding.UTF8.GetBytes(ReportScript.Text)));
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-")
            .Append(scriptHash).Append("'\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<meta name=\"generator\" content=\"VppPowerShell Export-VppReport\">\n");
        html.Append("<title>Apple app and book licenses: report of ").Append(E(Date(document.GeneratedOn))).Append("</title>\n");
        html.Append("<style>\n").Append(Css).Append("\n</style>\n</head>\n<body>\n<main>\n");

        Header(html, document);
        Findings(html, document);
        HtmlAppSections.RunningOut(html, document);
        ExpiryTimeline(html, document);
        HtmlAppSections.AppList(html, document);
        UsageChart(html, document);
        FailureTable(html, document);
        DriftTable(html, document);
        Words(html);

        html.Append("<footer>Made by the VppPowerShell module (Export-VppReport) on ").Append(E(Stamp(document.GeneratedOn)))
            .Append(". The page is self-contained: it loads nothing from the network and holds no token secret.</footer>\n");
        html.Append("</main>\n<script>").Append(ReportScript.Text).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Escapes text for HTML and SVG content and attribute values (quoted with double quotes).</summary>
    public static string E(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        var result = new StringBuilder(text!.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': result.Append("&amp;"); break;
                case '<': result.Append("&lt;"); break;
                case '>': result.Append("&gt;"); break;
                case '"': result.Append("&quot;"); break;
                case '\'': result.Append("&#39;"); break;
                case '\t':
                case '\n':
                case '\r':
                    result.Append(' ');
                    break;
                default:
                    // Control characters are not allowed in HTML text: drop them.
                    if (c < ' ' || c == '\u007f') break;
                    result.Append(c);
                    break;
            }
        }

        return result.ToString();
    }

    private static void Header(StringBuilder html, ReportDocument document)
    {
        var assets = document.Assets;
        var counted = assets.Where(a => !a.IsUnlimited).ToList();
        html.Append("<header>\n<h1>Apple app and book licenses</h1>\n");
        html.Append("<p class=\"lead\">This page shows the app and book licenses your organization bought from Apple (Apple Business Manager or Apple School Manager, ")
            .Append("\"Apps and Books\", formerly the Volume Purchase Program, VPP): how many there are, who they are assigned to, what did not work, and what to do about it. ")
            .Append("It is a snapshot: it was made from the store of the VppPowerShell module, which keeps a copy of what Apple reported at the last sync, ")
            .Append("plus what administrators asked for.</p>\n");
        html.Append("<dl class=\"facts\">\n");
        Fact(html, "Made on", Stamp(document.GeneratedOn));
        Fact(html, "From the store", document.StorePath);
        Fact(html, "Covers", document.Scope);
        Fact(html, "Tokens (locations)", Count(document.Tokens.Count));
        Fact(html, "Apps and books", document.Apps.Count == assets.Count
            ? Count(assets.Count)
            : $"{Count(document.Apps.Count)}, in {Count(assets.Count)} pools (one per token that bought it)");
        html.Append("</dl>\n");
        html.Append("<p class=\"muted\">Nothing on this page is secret: it names tokens, apps, devices and users, but never a token itself.</p>\n");
        html.Append("<div class=\"tiles\">\n");
        Tile(html, Count(counted.Sum(a => (long)a.TotalCount)), "licenses owned" + (assets.Count > counted.Count ? " (plus unlimited free apps)" : string.Empty));
        Tile(html, Count(assets.Sum(a => (long)a.AssignedCount)), "licenses assigned");
        Tile(html, Count(counted.Sum(a => (long)a.AvailableCount)), "licenses free");
        Tile(html, Count(assets.Sum(a => (long)a.LicensesNeeded)), "licenses missing");
        Tile(html, Count(document.Findings.Count(f => f.Severity != FindingSeverity.Notice)), "things to fix");
        html.Append("</div>\n</header>\n");
    }

    private static void Findings(StringBuilder html, ReportDocument document)
    {
        html.Append("<section id=\"findings\">\n<h2>What to do</h2>\n");
        if (document.Findings.Count == 0)
        {
            html.Append("<p class=\"good\">Nothing needs attention: no token expires within 30 days, every target that should have a license has one, and no change failed.</p>\n</section>\n");
            return;
        }

        html.Append("<p class=\"explain\">Most urgent first. <b>Urgent</b>: licenses cannot be managed or are missing now. <b>Soon</b>: needs attention in the coming days. <b>Check</b>: worth a look.</p>\n");
        var findings = document.Findings;
        if (findings.Count > FindingsShown)
        {
            html.Append("<p class=\"lead\" id=\"findings-summary\">").Append(Count(findings.Count)).Append(" findings: ");
            html.Append(string.Join("; ", findings.GroupBy(f => f.Severity).Select(g => $"<b>{SeverityLabel(g.Key)}</b> {E(ByKind(g))}"))).Append(".</p>\n");
        }

        FindingList(html, findings.Take(FindingsShown));
        if (findings.Count > FindingsShown)
        {
            var folded = findings.Skip(FindingsShown).Take(MaxFindings - FindingsShown).ToList();
            html.Append("<details id=\"more-findings\"><summary>").Append(Count(folded.Count)).Append(" more: ").Append(E(ByKind(folded))).Append("</summary>\n");
            FindingList(html, folded);
            html.Append("</details>\n");
        }

        if (findings.Count > MaxFindings)
        {
            var rest = findings.Skip(MaxFindings).ToList();
            html.Append("<p class=\"muted\">And ").Append(Count(rest.Count)).Append(" more, not listed here (").Append(E(ByKind(rest)))
                .Append("): <code>Get-VppLicenseReport</code> lists every pool with its counts.</p>\n");
        }

        html.Append("</section>\n");
    }

    private static void FindingList(StringBuilder html, IEnumerable<ReportFinding> findings)
    {
        html.Append("<ol class=\"findings\">\n");
        foreach (var finding in findings)
        {
            var css = finding.Severity.ToString().ToLowerInvariant();
            var label = SeverityLabel(finding.Severity);
            html.Append("<li class=\"finding ").Append(css).Append("\" data-kind=\"").Append(E(finding.Kind)).Append("\"><span class=\"badge ").Append(css).Append("\">")
                .Append(label).Append("</span>").Append(E(finding.Title))
                .Append("<div class=\"todo\"><b>What to do:</b> ").Append(E(finding.WhatToDo)).Append("</div></li>\n");
        }

        html.Append("</ol>\n");
    }

    private static string SeverityLabel(FindingSeverity severity) =>
        severity switch { FindingSeverity.Critical => "Urgent", FindingSeverity.Warning => "Soon", _ => "Check" };

    private static string ByKind(IEnumerable<ReportFinding> findings) =>
        string.Join(", ", findings.GroupBy(f => f.Kind).Select(g => $"{Count(g.Count())} {KindText(g.Key)}"));

    private static string KindText(string kind) => kind switch
    {
        "TokenExpiry" => "token(s) expiring",
        "TokenState" => "token(s) Apple refuses",
        "SyncFailed" => "failed sync(s)",
        "Oversubscribed" => "pool(s) short of licenses",
        "Failures" => "failed change(s)",
        "DesiredNotAssigned" => "pool(s) with targets missing their license",
        "AssignedNotDesired" => "pool(s) with licenses nobody asked for here",
        "StaleCounts" => "token(s) with old counts",
        _ => kind,
    };

    private static void TableCap(StringBuilder html, int shown, int total, string what)
    {
        if (shown >= total) return;
        html.Append("<p class=\"muted\">The ").Append(Count(shown)).Append(" largest of ").Append(Count(total)).Append(' ').Append(E(what))
            .Append(" are shown; <code>Get-VppLicenseReport</code> lists them all.</p>\n");
    }

    private static void UsageChart(StringBuilder html, ReportDocument document)
    {
        html.Append("<section id=\"usage\">\n<h2>License use per app or book</h2>\n");
        html.Append("<p class=\"explain\">One bar per app or book in each token's pool (the same app bought with two tokens is two pools). ")
            .Append("The whole bar is the licenses owned; a red part beyond it is the licenses missing for targets that were meant to get one. ")
            .Append("Marks under a bar: <b>short</b> (more targets than licenses), <b>drift</b> (Apple's assignments differ from what was asked for here), <b>failed</b> (the last change failed for some targets).</p>\n");
        html.Append("<div class=\"legend\"><span style=\"--c: var(--assigned)\">assigned</span><span style=\"--c: var(--available)\">free</span>")
            .Append("<span style=\"--c: var(--short)\">missing (oversubscribed)</span><span style=\"--c: #b8cdf5\">unlimited (free app)</span></div>\n");
        if (document.Assets.Count == 0)
        {
            html.Append("<p>No apps or books: run Sync-VppToken to read them from Apple.</p>\n</section>\n");
            return;
        }

        // When not every pool fits, those with findings come first, the closest to running out first among them.
        var urgency = document.Assets.Count <= MaxChartRows
            ? null
            : Scarcity.Order(document.Assets).Select((asset, index) => (asset, index)).ToDictionary(r => r.asset, r => r.index);
        var rows = document.Assets
            .Select((asset, index) => (asset, index))
            .OrderBy(r => r.asset.IsOversubscribed || r.asset.HasDrift || r.asset.FailedCount > 0 ? 0 : 1)
            .ThenBy(r => urgency is null ? r.index : urgency[r.asset])
            .Take(MaxChartRows)
            .OrderBy(r => r.index)
            .Select(r => r.asset)
            .ToList();
        var height = 30 + rows.Count * ChartRowHeight;
        html.Append("<svg id=\"usage-chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ").Append(N(ChartWidth)).Append(' ').Append(N(height))
            .Append("\" width=\"").Append(N(ChartWidth)).Append("\" height=\"").Append(N(height)).Append("\" aria-label=\"License use per app or book\">\n");
        html.Append("<text x=\"0\" y=\"16\" font-size=\"12\" fill=\"#5b6475\">App or book — token</text>");
        html.Append("<text x=\"").Append(N(BarLeft)).Append("\" y=\"16\" font-size=\"12\" fill=\"#5b6475\">licenses (whole bar = owned)</text>");
        html.Append("<text x=\"").Append(N(BarLeft + BarWidth + 12)).Append("\" y=\"16\" font-size=\"12\" fill=\"#5b6475\">counts</text>\n");
        var y = 30.0;
        foreach (var asset in rows)
        {
            var name = asset.Name ?? "(no name in this store)";
            html.Append("<g class=\"asset-row\" data-token-id=\"").Append(asset.TokenId.ToString(CultureInfo.InvariantCulture)).Append("\" data-adam-id=\"").Append(E(asset.AdamId))
                .Append("\" data-oversubscribed=\"").Append(asset.IsOversubscribed ? "true" : "false").Append("\" data-drift=\"").Append(asset.HasDrift ? "true" : "false").Append("\">");
            html.Append("<title>").Append(E($"{name} ({asset.AdamId}, {asset.PricingParam}) on token {asset.TokenName}")).Append("</title>");
            html.Append("<text x=\"0\" y=\"").Append(N(y + 16)).Append("\" font-size=\"14\" font-weight=\"600\">").Append(E(Clip(name, 40))).Append("</text>");
            html.Append("<text x=\"0\" y=\"").Append(N(y + 34)).Append("\" font-size=\"12\" fill=\"#5b6475\">").Append(E(Clip($"{asset.AdamId} — {asset.TokenName}", 52))).Append("</text>");
            var barY = y + 3;
            html.Append("<rect class=\"bar-frame\" x=\"").Append(N(BarLeft)).Append("\" y=\"").Append(N(barY)).Append("\" width=\"").Append(N(BarWidth))
                .Append("\" height=\"22\" fill=\"#f5f7fa\" stroke=\"#d9dee7\"/>");
            string numbers;
            if (asset.IsUnlimited)
            {
                Bar(html, "bar bar-unlimited", asset, BarLeft, barY, BarWidth, "#b8cdf5", $"unlimited licenses, {asset.AssignedCount} assigned");
                numbers = $"{Count(asset.AssignedCount)} assigned · unlimited";
            }
            else
            {
                var scale = (double)asset.TotalCount + asset.LicensesNeeded;
                var x = BarLeft;
                if (scale > 0)
                {
                    var assigned = Math.Min(asset.AssignedCount, asset.TotalCount);
                    var free = Math.Max(0, Math.Min(asset.AvailableCount, asset.TotalCount - assigned));
                    var widthAssigned = BarWidth * assigned / scale;
                    var widthFree = BarWidth * free / scale;
                    var widthShort = BarWidth * asset.LicensesNeeded / scale;
                    if (widthAssigned > 0) Bar(html, "bar bar-assigned", asset, x, barY, widthAssigned, "#2f6fdf", $"{asset.AssignedCount} assigned");
                    x += widthAssigned;
                    if (widthFree > 0) Bar(html, "bar bar-available", asset, x, barY, widthFree, "#36a269", $"{asset.AvailableCount} free");
                    x += widthFree;
                    if (widthShort > 0)
                    {
                        var ownedEnd = BarLeft + BarWidth * asset.TotalCount / scale;
                        Bar(html, "bar bar-short", asset, ownedEnd, barY, widthShort, "#d63b3b", $"{asset.LicensesNeeded} licenses missing");
                        html.Append("<line x1=\"").Append(N(ownedEnd)).Append("\" x2=\"").Append(N(ownedEnd)).Append("\" y1=\"").Append(N(barY - 3)).Append("\" y2=\"")
                            .Append(N(barY + 25)).Append("\" stroke=\"#1d2330\" stroke-width=\"2\"/>");
                    }
                }

                numbers = $"{Count(asset.AssignedCount)} of {Count(asset.TotalCount)} assigned · {Count(asset.AvailableCount)} free"
                    + (asset.RetiredCount > 0 ? $" · {Count(asset.RetiredCount)} retired" : string.Empty);
            }

            html.Append("<text x=\"").Append(N(BarLeft + BarWidth + 12)).Append("\" y=\"").Append(N(y + 19)).Append("\" font-size=\"12.5\">").Append(E(numbers)).Append("</text>");
            var marks = new List<(string Text, string Color, string Css)>();
            if (asset.IsOversubscribed) marks.Add(($"▲ {Count(asset.LicensesNeeded)} short", "#d63b3b", "flag flag-short"));
            if (asset.HasDrift)
            {
                var parts = new List<string>();
                if (asset.DesiredNotAssignedCount > 0) parts.Add($"{Count(asset.DesiredNotAssignedCount)} asked for but not at Apple");
                if (asset.AssignedNotDesiredCount > 0) parts.Add($"{Count(asset.AssignedNotDesiredCount)} at Apple but not asked for");
                marks.Add(("◆ drift: " + string.Join(", ", parts), "#c27c0e", "flag flag-drift"));
            }

            if (asset.FailedCount > 0) marks.Add(($"✖ {Count(asset.FailedCount)} failed", "#d63b3b", "flag flag-failed"));
            if (marks.Count > 0)
            {
                html.Append("<text x=\"").Append(N(BarLeft)).Append("\" y=\"").Append(N(y + 42)).Append("\" font-size=\"12\" font-weight=\"600\">");
                for (var i = 0; i < marks.Count; i++)
                {
                    html.Append("<tspan class=\"").Append(marks[i].Css).Append("\" fill=\"").Append(marks[i].Color).Append("\">").Append(i > 0 ? "  " : string.Empty)
                        .Append(E(marks[i].Text)).Append("</tspan>");
                }

                html.Append("</text>");
            }

            html.Append("</g>\n");
            y += ChartRowHeight;
        }

        html.Append("</svg>\n");
        if (rows.Count < document.Assets.Count)
        {
            html.Append("<p class=\"muted\">The chart shows ").Append(Count(rows.Count)).Append(" of ").Append(Count(document.Assets.Count))
                .Append(" pools (those with findings first, then the closest to running out); every pool is under \"All apps and books\".</p>\n");
        }

        html.Append("</section>\n");
    }

    private static void Bar(StringBuilder html, string css, VppLicenseReport asset, double x, double y, double width, string fill, string title)
    {
        html.Append("<rect class=\"").Append(css).Append("\" data-adam-id=\"").Append(E(asset.AdamId)).Append("\" data-token-id=\"")
            .Append(asset.TokenId.ToString(CultureInfo.InvariantCulture)).Append("\" x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append("\" width=\"")
            .Append(N(Math.Max(width, 0.5))).Append("\" height=\"22\" fill=\"").Append(fill).Append("\"><title>").Append(E(title)).Append("</title></rect>");
    }

    private static void ExpiryTimeline(StringBuilder html, ReportDocument document)
    {
        html.Append("<section id=\"expiry\">\n<h2>Token expiry</h2>\n");
        html.Append("<p class=\"explain\">Each token (one per Apple location) is valid for one year. An expired token stops every sync and change for its licenses, ")
            .Append("so renew it before then: download the new token file from Apple Business Manager or Apple School Manager and give it to <code>Set-VppToken -Path</code> ")
            .Append("(its apps and assignments are kept). The shaded bands after today are the warnings at 30, 14 and 7 days.</p>\n");
        html.Append("<div class=\"legend\"><span style=\"--c: #f5b8b8\">expires within 7 days: renew now</span><span style=\"--c: #f8d3a6\">within 14 days</span>")
            .Append("<span style=\"--c: #fcecb8\">within 30 days</span><span style=\"--c: #36a269\">more than 30 days left</span></div>\n");
        var now = document.GeneratedOn;
        if (document.Tokens.Count == 0)
        {
            html.Append("<p>No tokens: add one with Add-VppToken.</p>\n</section>\n");
            return;
        }

        var tokens = document.Tokens.OrderBy(t => t.ExpiresOn).ThenBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var shown = tokens.Take(MaxTimelineRows).ToList();
        var start = now.AddDays(-30);
        var earliest = shown.Min(t => t.ExpiresOn);
        if (earliest < start) start = earliest < now.AddDays(-90) ? now.AddDays(-90) : earliest.AddDays(-5);
        var latest = shown.Max(t => t.ExpiresOn);
        var end = latest > now.AddDays(60) ? latest.AddDays(20) : now.AddDays(80);
        const double left = 230, right = 970, top = 44, rowHeight = 30;
        var span = (end - start).TotalDays;
        double X(DateTimeOffset when) => left + (right - left) * Math.Max(0, Math.Min(1, (when - start).TotalDays / span));
        var height = top + shown.Count * rowHeight + 16;

        html.Append("<svg id=\"expiry-timeline\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ").Append(N(ChartWidth)).Append(' ').Append(N(height))
            .Append("\" width=\"").Append(N(ChartWidth)).Append("\" height=\"").Append(N(height)).Append("\" aria-label=\"Token expiry timeline\">\n");
        var bands = new[]
        {
            (From: 0, To: TokenExpiryLevels.LastWarningDays, Fill: "#f5b8b8"),
            (From: TokenExpiryLevels.LastWarningDays, To: TokenExpiryLevels.SecondWarningDays, Fill: "#f8d3a6"),
            (From: TokenExpiryLevels.SecondWarningDays, To: TokenExpiryLevels.FirstWarningDays, Fill: "#fcecb8"),
        };
        foreach (var band in bands)
        {
            var x1 = X(now.AddDays(band.From));
            var x2 = X(now.AddDays(band.To));
            html.Append("<rect class=\"warning-band\" data-days=\"").Append(band.To.ToString(CultureInfo.InvariantCulture)).Append("\" x=\"").Append(N(x1)).Append("\" y=\"")
                .Append(N(top - 14)).Append("\" width=\"").Append(N(Math.Max(0, x2 - x1))).Append("\" height=\"").Append(N(height - top - 2)).Append("\" fill=\"").Append(band.Fill).Append("\"/>");
        }

        // Month ticks.
        var month = new DateTimeOffset(start.Year, start.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        var step = span > 500 ? 3 : span > 200 ? 2 : 1;
        for (; month < end; month = month.AddMonths(step))
        {
            var x = X(month);
            html.Append("<line x1=\"").Append(N(x)).Append("\" x2=\"").Append(N(x)).Append("\" y1=\"").Append(N(top - 4)).Append("\" y2=\"").Append(N(height - 16))
                .Append("\" stroke=\"#e4e8ef\"/>");
            html.Append("<text x=\"").Append(N(x + 2)).Append("\" y=\"").Append(N(height - 4)).Append("\" font-size=\"11\" fill=\"#5b6475\">")
                .Append(month.ToString("MMM yyyy", CultureInfo.InvariantCulture)).Append("</text>");
        }

        var today = X(now);
        html.Append("<line class=\"today\" x1=\"").Append(N(today)).Append("\" x2=\"").Append(N(today)).Append("\" y1=\"").Append(N(top - 30)).Append("\" y2=\"").Append(N(height - 16))
            .Append("\" stroke=\"#1d2330\" stroke-width=\"2\"/>");
        html.Append("<text x=\"").Append(N(today + 4)).Append("\" y=\"12\" font-size=\"12\" font-weight=\"600\">today ").Append(E(Date(now))).Append("</text>\n");

        var y = top;
        foreach (var token in shown)
        {
            var level = TokenExpiryLevels.For(token);
            var color = level switch
            {
                TokenExpiryLevel.Expired or TokenExpiryLevel.Within7Days => "#d63b3b",
                TokenExpiryLevel.Within14Days or TokenExpiryLevel.Within30Days => "#c27c0e",
                _ => "#36a269",
            };
            var x = X(token.ExpiresOn);
            var when = token.DaysUntilExpiry < 0
                ? $"expired {Date(token.ExpiresOn)} ({ReportFindings.Days(-token.DaysUntilExpiry)} ago)"
                : $"{Date(token.ExpiresOn)} · {ReportFindings.Days(token.DaysUntilExpiry)} left";
            html.Append("<g class=\"token-row\" data-token-id=\"").Append(token.TokenId.ToString(CultureInfo.InvariantCulture)).Append("\" data-expiry-level=\"").Append(level).Append("\">");
            html.Append("<title>").Append(E($"{token.Name}: {when}")).Append("</title>");
            html.Append("<line x1=\"").Append(N(left)).Append("\" x2=\"").Append(N(right)).Append("\" y1=\"").Append(N(y + 10)).Append("\" y2=\"").Append(N(y + 10))
                .Append("\" stroke=\"#d9dee7\" stroke-dasharray=\"2 3\"/>");
            html.Append("<text x=\"0\" y=\"").Append(N(y + 14)).Append("\" font-size=\"13\" font-weight=\"600\">").Append(E(Clip(token.Name, 30))).Append("</text>");
            html.Append("<circle class=\"expiry-marker\" data-token-id=\"").Append(token.TokenId.ToString(CultureInfo.InvariantCulture)).Append("\" cx=\"").Append(N(x))
                .Append("\" cy=\"").Append(N(y + 10)).Append("\" r=\"7\" fill=\"").Append(color).Append("\" stroke=\"#fff\" stroke-width=\"2\"/>");
            var labelRight = x < right - 210;
            html.Append("<text x=\"").Append(N(labelRight ? x + 12 : x - 12)).Append("\" y=\"").Append(N(y + 14)).Append("\" font-size=\"12\" fill=\"").Append(color)
                .Append("\" text-anchor=\"").Append(labelRight ? "start" : "end").Append("\">").Append(E(when)).Append("</text>");
            html.Append("</g>\n");
            y += rowHeight;
        }

        html.Append("</svg>\n");
        if (shown.Count < tokens.Count)
        {
            html.Append("<p class=\"muted\">The timeline shows the ").Append(Count(shown.Count)).Append(" tokens that expire first; the table lists all ")
                .Append(Count(tokens.Count)).Append(".</p>\n");
        }

        var folded = tokens.Count > MaxTimelineRows;
        if (folded) html.Append("<details id=\"all-tokens\"><summary>All ").Append(Count(tokens.Count)).Append(" tokens, the first to expire first</summary>\n");
        html.Append("<table id=\"tokens\">\n<thead><tr><th>Token</th><th>Apple location</th><th>Expires on</th><th class=\"num\">Days left</th><th>Warning</th><th>State</th><th>Last sync</th></tr></thead>\n<tbody>\n");
        foreach (var token in tokens)
        {
            var level = TokenExpiryLevels.For(token);
            html.Append("<tr data-token-id=\"").Append(token.TokenId.ToString(CultureInfo.InvariantCulture)).Append("\"><td>").Append(E(token.Name)).Append("</td><td>")
                .Append(E(token.LocationName ?? token.OrganizationName)).Append("</td><td>").Append(E(Date(token.ExpiresOn))).Append("</td><td class=\"num\">")
                .Append(token.DaysUntilExpiry.ToString(CultureInfo.InvariantCulture)).Append("</td><td class=\"level-").Append(level).Append("\">").Append(E(LevelText(level)))
                .Append("</td><td>").Append(E(StateText(token.State))).Append("</td><td>")
                .Append(E(token.LastSyncOn is { } synced ? Stamp(synced) + (token.SyncState == SyncState.Failed ? " (last attempt failed)" : string.Empty) : "never"))
                .Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        if (folded) html.Append("</details>\n");
        html.Append("</section>\n");
    }

    private static void FailureTable(StringBuilder html, ReportDocument document)
    {
        html.Append("<section id=\"failures\">\n<h2>Failures by reason</h2>\n");
        html.Append("<p class=\"explain\">Targets (devices or users) whose last assignment or removal did not work, grouped by the reason Apple or this module gave. ")
            .Append("Other targets of the same change were not affected. Running the same command again retries only what is not done yet.</p>\n");
        var all = document.Assets.SelectMany(a => a.Failures.Select(f => (Asset: a, Failure: f))).OrderByDescending(r => r.Failure.Count).ToList();
        var rows = all.Take(MaxTableRows).ToList();
        if (rows.Count == 0)
        {
            html.Append("<p class=\"good\">No failures: every target of the last changes got what was asked for.</p>\n</section>\n");
            return;
        }

        html.Append("<table id=\"failure-table\">\n<thead><tr><th>App or book</th><th>Token</th><th>Reason (error id)</th><th class=\"num\">Targets</th><th>Examples</th><th>What to do</th></tr></thead>\n<tbody>\n");
        foreach (var (asset, failure) in rows)
        {
            html.Append("<tr data-error-id=\"").Append(E(failure.ErrorId)).Append("\" data-adam-id=\"").Append(E(asset.AdamId)).Append("\"><td>").Append(E(asset.Name ?? asset.AdamId))
                .Append("<br><span class=\"muted\">").Append(E(asset.AdamId)).Append("</span></td><td>").Append(E(asset.TokenName)).Append("</td><td><b>")
                .Append(E(failure.ErrorId)).Append("</b><br>").Append(E(failure.Reason)).Append("<br><span class=\"muted\">last on ").Append(E(Stamp(failure.LastFailedOn)))
                .Append("</span></td><td class=\"num\">").Append(Count(failure.Count)).Append("</td><td class=\"targets\">")
                .Append(Examples(failure.Targets, failure.Count)).Append("</td><td>").Append(E(FailureAdvice.For(failure.ErrorId))).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        TableCap(html, rows.Count, all.Count, "failures");
        html.Append("</section>\n");
    }

    private static void DriftTable(StringBuilder html, ReportDocument document)
    {
        html.Append("<section id=\"drift\">\n<h2>Asked for here vs. assigned at Apple (drift)</h2>\n");
        html.Append("<p class=\"explain\">\"Asked for\" is what administrators assigned with this module (groups count as their members). ")
            .Append("\"Assigned at Apple\" is what Apple reported at the last sync or change. They differ when a change failed, when someone assigned or removed licenses ")
            .Append("elsewhere (another management system, Apple's portal), or when Apple has not settled yet (counts settle within hours).</p>\n");
        var all = document.Assets.Where(a => a.HasDrift).ToList();
        var rows = all.OrderByDescending(a => (long)a.DesiredNotAssignedCount + a.AssignedNotDesiredCount).Take(MaxTableRows).ToList();
        if (rows.Count == all.Count) rows = all;
        if (rows.Count == 0)
        {
            html.Append("<p class=\"good\">No drift: Apple holds exactly what was asked for.</p>\n</section>\n");
            return;
        }

        html.Append("<table id=\"drift-table\">\n<thead><tr><th>App or book</th><th>Token</th><th class=\"num\">Asked for</th><th>Asked for, not assigned at Apple</th><th>Assigned at Apple, not asked for</th></tr></thead>\n<tbody>\n");
        foreach (var asset in rows)
        {
            html.Append("<tr data-adam-id=\"").Append(E(asset.AdamId)).Append("\" data-token-id=\"").Append(asset.TokenId.ToString(CultureInfo.InvariantCulture)).Append("\"><td>")
                .Append(E(asset.Name ?? asset.AdamId)).Append("<br><span class=\"muted\">").Append(E(asset.AdamId)).Append("</span></td><td>").Append(E(asset.TokenName))
                .Append("</td><td class=\"num\">").Append(Count(asset.DesiredCount)).Append("</td><td class=\"targets\">")
                .Append(DriftCell(asset.DesiredNotAssigned, asset.DesiredNotAssignedCount)).Append("</td><td class=\"targets\">")
                .Append(DriftCell(asset.AssignedNotDesired, asset.AssignedNotDesiredCount)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        TableCap(html, rows.Count, all.Count, "pools with drift");
        html.Append("</section>\n");
    }

    private static void Words(StringBuilder html)
    {
        html.Append("<section id=\"words\">\n<h2>Words used here</h2>\n<dl class=\"words\">\n");
        Word(html, "Token (location token)", "The file from Apple Business Manager or Apple School Manager that lets this module manage one location's licenses. Valid for one year.");
        Word(html, "App or book (asset)", "Something bought from Apple in volume, identified by Apple's number (adamId). Each token has its own pool of licenses for it.");
        Word(html, "License", "One seat of an app or book. A device license is bound to one device; a user license to one person (for up to 5 of their devices).");
        Word(html, "Owned, assigned, free, retired", "Licenses bought; given to a device or user; still free to give; and no longer usable (refunded, for example). Apple's numbers.");
        Word(html, "Asked for", "The devices and users an administrator assigned the app or book to with this module (groups count as their members).");
        Word(html, "Drift", "A difference between what was asked for and what Apple holds.");
        Word(html, "Oversubscribed, missing", "More devices and users were meant to get an app or book than there are licenses: the first ones get a license, the others fail until more are bought or some are freed.");
        html.Append("</dl>\n</section>\n");
    }

    private static string Examples(IReadOnlyList<VppReportTarget> targets, int count)
    {
        if (count == 0) return string.Empty;
        var shown = targets.Take(ExamplesShown).Select(t => E(t.Target) + (t.LicenseType == Licensing.LicenseType.User ? " <span class=\"muted\">(user)</span>" : string.Empty));
        var text = string.Join(", ", shown);
        var more = count - Math.Min(targets.Count, ExamplesShown);
        return more > 0 ? $"{text} <span class=\"muted\">and {Count(more)} more</span>" : text;
    }

    private static string DriftCell(IReadOnlyList<VppReportTarget> targets, int count) =>
        count == 0 ? "<span class=\"muted\">none</span>" : $"<b>{Count(count)}</b>: {Examples(targets, count)}";

    private static void Fact(StringBuilder html, string name, string value) =>
        html.Append("<dt>").Append(E(name)).Append("</dt><dd>").Append(E(value)).Append("</dd>\n");

    private static void Tile(StringBuilder html, string value, string label) =>
        html.Append("<div class=\"tile\"><div class=\"value\">").Append(E(value)).Append("</div><div class=\"label\">").Append(E(label)).Append("</div></div>\n");

    private static void Word(StringBuilder html, string word, string meaning) =>
        html.Append("<dt>").Append(E(word)).Append("</dt><dd>").Append(E(meaning)).Append("</dd>\n");

    private static string LevelText(TokenExpiryLevel level) => level switch
    {
        TokenExpiryLevel.Expired => "expired: renew now",
        TokenExpiryLevel.Within7Days => "7 days or less: renew now",
        TokenExpiryLevel.Within14Days => "14 days or less: renew soon",
        TokenExpiryLevel.Within30Days => "30 days or less: plan the renewal",
        _ => "none",
    };

    private static string StateText(TokenState state) => state switch
    {
        TokenState.Valid => "valid",
        TokenState.Expired => "expired",
        TokenState.Invalid => "invalid (revoked or replaced)",
        TokenState.AssignedToExternalMdm => "used by another management system",
        TokenState.DuplicateLocation => "duplicate location",
        _ => state.ToString(),
    };

    internal static string Clip(string text, int length)
    {
        if (text.Length <= length) return text;
        var cut = length - 1;
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        return text.Substring(0, cut) + "…";
    }

    internal static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Date(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string Stamp(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static byte[] Sha256(byte[] data)
    {
        using var sha = SHA256.Create();
        return sha.ComputeHash(data);
    }
}
