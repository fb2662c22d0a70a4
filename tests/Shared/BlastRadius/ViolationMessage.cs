using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>The text of a violation: which pipeline of which seed, run how, on what rows, allowed what, and what changed anyway.</summary>
internal static class ViolationMessage
{
    private const int ListLimit = 25;

    public static string Compose(PipelineRun run, ViolationKind kind, string headline, IEnumerable<string> details)
    {
        var spec = run.Spec;
        var text = new StringBuilder();
        text.AppendLine($"[blast radius] seed {spec.Seed}, pipeline {spec.Index}, {kind}: {headline}");
        text.AppendLine($"  pipeline: {run.FullText}");
        text.AppendLine($"  where {string.Join(", ", run.Variables.Select(v => $"${v.Key} = {v.Value}"))}");
        if (run.Csv is { Length: > 0 } csv) text.AppendLine("  $csv after the edits:").Append(Indent(csv.TrimEnd(), "    ")).AppendLine();
        text.AppendLine($"  piped {run.Rows.Count} row(s):");
        AppendList(text, run.Rows);
        text.AppendLine("  allowed:");
        AppendList(text, run.Scope.Reasons.Count == 0 ? new[] { "nothing" } : run.Scope.Reasons);
        text.AppendLine("  found:");
        AppendList(text, details.ToList());
        if (run.Result.Errors.Count > 0)
        {
            text.AppendLine("  errors written:");
            AppendList(text, run.Result.Errors);
        }

        text.Append($"  again alone: dotnet run -c Release --project tests/Benchmarks -- blast-radius --seed {spec.Seed} --only {spec.Index}");
        return text.ToString();
    }

    private static void AppendList(StringBuilder text, IReadOnlyList<string> items)
    {
        foreach (var item in items.Take(ListLimit)) text.AppendLine("    - " + item.Replace("\n", "\n      "));
        if (items.Count > ListLimit) text.AppendLine($"    ... and {items.Count - ListLimit} more");
    }

    private static string Indent(string text, string prefix) => prefix + text.Replace("\n", "\n" + prefix);
}
