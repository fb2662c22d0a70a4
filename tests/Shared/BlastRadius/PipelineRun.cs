using System.Collections.Generic;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>
/// Everything one run of a pipeline left to judge it by, in terms that outlive its world: the text
/// run (with -StorePath added if the runner had to), what was piped, what was allowed, what changed,
/// and what the command wrote.
/// </summary>
public sealed record PipelineRun(
    PipelineSpec Spec,
    Downstream Downstream,
    string Text,
    IReadOnlyDictionary<string, string> Variables,
    string? Csv,
    IReadOnlyList<string> Rows,
    IReadOnlySet<StoreName> RowStores,
    AllowedScope Scope,
    IReadOnlyList<WorldChange> Changes,
    ScriptResult Result)
{
    public bool UpstreamWasEmpty => Rows.Count == 0;

    /// <summary>The preparation of a round trip, the CSV edits, and the pipeline run.</summary>
    public string FullText =>
        (Spec.Upstream.Preparation is { } preparation ? preparation + "; " : string.Empty) +
        (Spec.Upstream.Edits is { } edits ? $"<edit $csv: {edits}>; " : string.Empty) + Text;
}
