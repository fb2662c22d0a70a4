using System;
using System.Collections.Generic;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Core.Reports;

/// <summary>Everything one exported report shows: no token secret is ever part of it (VppToken holds none).</summary>
public sealed class ReportDocument
{
    public ReportDocument(DateTimeOffset generatedOn, string storePath, string scope, IReadOnlyList<VppToken> tokens, IReadOnlyList<VppLicenseReport> assets)
    {
        GeneratedOn = generatedOn;
        StorePath = storePath;
        Scope = scope;
        Tokens = tokens;
        Assets = assets;
        Findings = ReportFindings.For(tokens, assets, generatedOn);
        Apps = VppAppLicenseReport.Group(assets);
    }

    public DateTimeOffset GeneratedOn { get; }

    /// <summary>The store file the report was read from.</summary>
    public string StorePath { get; }

    /// <summary>What the report covers, in words: "all tokens", or the filters given.</summary>
    public string Scope { get; }

    public IReadOnlyList<VppToken> Tokens { get; }

    /// <summary>Every pool: one per asset of each token.</summary>
    public IReadOnlyList<VppLicenseReport> Assets { get; }

    /// <summary>The pools grouped by app or book across the tokens.</summary>
    public IReadOnlyList<VppAppLicenseReport> Apps { get; }

    public IReadOnlyList<ReportFinding> Findings { get; }
}
