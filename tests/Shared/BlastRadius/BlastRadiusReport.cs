using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>What a blast-radius run found: per pipeline, and counted by downstream cmdlet and by kind.</summary>
public sealed class BlastRadiusReport
{
    public BlastRadiusReport(int seed, IReadOnlyList<PipelineOutcome> outcomes, TimeSpan elapsed)
    {
        Seed = seed;
        Outcomes = outcomes;
        Elapsed = elapsed;
    }

    public int Seed { get; }

    public IReadOnlyList<PipelineOutcome> Outcomes { get; }

    public TimeSpan Elapsed { get; }

    public int Runs => Outcomes.Sum(o => o.Runs.Count);

    public IReadOnlyList<Violation> Violations => Outcomes.SelectMany(o => o.Violations).ToList();

    /// <summary>Pipelines with at least one violation.</summary>
    public int ViolatingPipelines => Outcomes.Count(o => o.Violations.Count > 0);

    /// <summary>Violating pipelines per downstream cmdlet.</summary>
    public IReadOnlyDictionary<string, int> ViolatingPipelinesByCommand =>
        Outcomes.Where(o => o.Violations.Count > 0).GroupBy(o => o.Pipeline.Downstream.Command).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Violations per kind (a pipeline may have several kinds).</summary>
    public IReadOnlyDictionary<string, int> ViolationsByKind =>
        Violations.GroupBy(v => v.KindName).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Pipelines of which some run changed something: a harness that changes nothing proves nothing.</summary>
    public int ChangingPipelines => Outcomes.Count(o => o.ChangedSomething);

    public string Summary()
    {
        var text = new StringBuilder();
        text.AppendLine($"Blast radius, seed {Seed}: {Outcomes.Count} pipeline(s), {Runs} run(s) in {Elapsed.TotalSeconds:F1} s; " +
                        $"{ChangingPipelines} changed something; {ViolatingPipelines} broke the scope contract.");
        if (ViolatingPipelines > 0)
        {
            text.AppendLine($"Every message: dotnet run -c Release --project tests/Benchmarks -- blast-radius --seed {Seed} --pipelines {Outcomes.Count}");
            text.AppendLine("By cmdlet: " + string.Join(", ", ViolatingPipelinesByCommand.Select(c => $"{c.Key} {c.Value}")));
            text.AppendLine("By kind: " + string.Join(", ", ViolationsByKind.Select(k => $"{k.Key} {k.Value}")));
        }

        return text.ToString();
    }
}
