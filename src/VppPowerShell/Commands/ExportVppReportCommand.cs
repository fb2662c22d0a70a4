using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core.Reports;

namespace VppPowerShell.Commands;

/// <summary>Writes a license report as one self-contained HTML page that anyone can open and act on.</summary>
/// <remarks>
/// The page explains itself to a reader who has never used the module: when and from which store
/// it was made, what to do (most urgent first: expired or expiring tokens; missing
/// licenses, the largest shortfall first; failures by reason; drift between what was asked for and
/// what Apple holds; counts Apple has not confirmed lately; when there are many, a summary by kind
/// and the first ten, the others folded away), the apps and tokens' pools closest to running out, a
/// timeline of token expiry with the 30, 14 and 7-day warnings, one line per app or book with its
/// licenses added up across the tokens and each token's pool underneath (filter by app, adamId or
/// token, sort by name, closest to running out, fewest free, most assigned or most tokens, all in
/// the page), a chart of license use per asset and token, and tables of failures by reason and of
/// drift. A store of 3,000 tokens of 50 apps each makes a page of about 4 MB. It needs no network
/// to view (inline styles and one inline script allowed by its hash, no fonts or scripts from
/// elsewhere) and never contains a token secret. Writing over an existing file needs -Force; the
/// folder must exist.
/// </remarks>
/// <example>
/// <code>Export-VppReport -Path ./licenses.html</code>
/// <para>Writes the report of every token to licenses.html in the current folder.</para>
/// </example>
/// <example>
/// <code>Get-VppToken 'Contoso *' | Export-VppReport -Path ./contoso.html -Force -PassThru</code>
/// <para>Reports the Contoso tokens only, overwriting the previous report, and shows the file written.</para>
/// </example>
[Cmdlet(VerbsData.Export, "VppReport", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = ModuleLinks.Docs + "Export-VppReport.md")]
[OutputType(typeof(VppReportFile))]
public sealed class ExportVppReportCommand : VppTokenDataCmdlet
{
    private readonly List<int> tokenIds = new();
    private readonly List<string> adamIds = new();
    private bool allTokens;
    private bool allAssets;

    /// <summary>The HTML file to write, for example ./licenses.html. Its folder must exist.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Only these assets (adamId). Binds from the AdamId property of piped objects.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.AdamIdCompleter))]
    public string[]? AdamId { get; set; }

    /// <summary>Overwrite the file if it exists, and do not prompt.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write the file's description (path, counts, size) to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        var selected = SelectedTokenIds();
        if (selected is null) allTokens = true;
        else tokenIds.AddRange(selected.Where(id => !tokenIds.Contains(id)));
        if (AdamId is null) allAssets = true;
        else adamIds.AddRange(AdamId.Where(id => !adamIds.Contains(id)));
    }

    protected override void End()
    {
        var path = ResolvePath(Path!);
        var force = Force.IsPresent;
        ReportFile.Check(path, force);
        var reports = new LicenseReports(Store);
        var tokens = allTokens ? null : tokenIds;
        var assets = allAssets ? null : adamIds;
        var document = new ReportDocument(DateTimeOffset.UtcNow, Store.Path, Scope(tokens, assets), reports.Tokens(tokens),
            reports.Build(tokens, assets, HtmlReport.ExamplesShown));
        if (!ShouldChange(path, $"Write the license report of {document.Tokens.Count} token(s) and {document.Assets.Count} app(s) and book(s)", force)) return;
        var file = VppReportFile.Export(document, path, force);
        WriteNote($"Wrote {file.Path}: {file.AssetCount} app(s) and book(s), {file.FindingCount} finding(s).");
        if (PassThru.IsPresent) WriteOutput(file);
    }

    private string Scope(IReadOnlyCollection<int>? tokens, IReadOnlyCollection<string>? assets)
    {
        var names = tokens is null ? "every token" : tokens.Count == 0 ? "no token" : "the tokens " + string.Join(", ", tokens.Select(id => Tokens.Get(id).Name).Select(n => "'" + n + "'"));
        return assets is null ? names + ", every app and book" : $"{names}, the apps and books {string.Join(", ", assets)}";
    }
}
