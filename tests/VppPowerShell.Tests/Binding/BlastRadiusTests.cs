using System.Linq;
using VppPowerShell.Simulator;
using VppPowerShell.Tests.BlastRadius;
using Xunit;

namespace VppPowerShell.Tests.Binding;

/// <summary>
/// Every read cmdlet piped into every state-changing one, with generated filters, round trips and
/// parameters: each change lies inside what was piped or typed, -WhatIf changes nothing, and an
/// empty upstream changes nothing. The seed is fixed; the benchmark program runs other seeds longer
/// (dotnet run -c Release --project tests/Benchmarks -- blast-radius --seed 42 --pipelines 500).
/// </summary>
public sealed class BlastRadiusTests
{
    private const int Seed = 20250611;

    [Fact]
    public void Every_pipeline_changes_only_what_its_rows_and_typed_parameters_name()
    {
        using var simulator = AppleSimulator.Start();
        var pipelines = new PipelineGenerator(Seed).PairCount;

        var report = BlastRadiusCheck.Run(simulator, Seed, pipelines);

        Assert.True(report.ChangingPipelines > pipelines / 20, "Too few pipelines changed anything for the check to mean something:\n" + report.Summary());
        Assert.True(report.Violations.Count == 0,
            report.Summary() + "\n" + string.Join("\n\n", report.Violations.Take(30).Select(v => v.Message)) +
            (report.Violations.Count > 30 ? $"\n\n... and {report.Violations.Count - 30} more violation(s)." : string.Empty));
    }
}
