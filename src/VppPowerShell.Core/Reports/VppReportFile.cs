using System;

namespace VppPowerShell.Core.Reports;

/// <summary>A report written by Export-VppReport.</summary>
public sealed class VppReportFile
{
    internal VppReportFile(string path, DateTimeOffset generatedOn, int tokenCount, int assetCount, int findingCount, long length)
    {
        Path = path;
        GeneratedOn = generatedOn;
        TokenCount = tokenCount;
        AssetCount = assetCount;
        FindingCount = findingCount;
        Length = length;
    }

    /// <summary>The full path of the HTML file.</summary>
    public string Path { get; }

    public DateTimeOffset GeneratedOn { get; }

    public int TokenCount { get; }

    public int AssetCount { get; }

    /// <summary>How many findings (things to do) the report lists.</summary>
    public int FindingCount { get; }

    /// <summary>The file's size in bytes.</summary>
    public long Length { get; }

    public override string ToString() => Path;

    /// <summary>Writes the document as HTML to <paramref name="path"/>.</summary>
    public static VppReportFile Export(ReportDocument document, string path, bool overwrite)
    {
        var length = ReportFile.Write(path, HtmlReport.Render(document), overwrite);
        return new VppReportFile(path, document.GeneratedOn, document.Tokens.Count, document.Assets.Count, document.Findings.Count, length);
    }
}
