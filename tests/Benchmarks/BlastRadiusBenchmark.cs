using System;
using System.Linq;
using System.Text.Json;
using VppPowerShell.Simulator;
using VppPowerShell.Tests.BlastRadius;

namespace VppPowerShell.Benchmarks;

/// <summary>
/// The blast-radius check, longer than the test run's: --pipelines generated pipelines of --seed,
/// or one of them alone (--only N). Prints one JSON line; every violation's message goes to
/// standard error, where a failing pipeline can be read and run again alone; --trace 1 also writes
/// one line per run there (its text, rows piped, changes, first error).
///   blast-radius [--seed 42] [--pipelines 500] [--only N] [--trace 1]
/// </summary>
public static class BlastRadiusBenchmark
{
    public const string Command = "blast-radius";

    public static int Run(Arguments options)
    {
        var seed = options.Int("seed", 42);
        var pipelines = options.Int("pipelines", 500);
        var only = options.Text("only") is null ? (int?)null : options.Int("only", 0);
        var trace = options.Int("trace", 0) == 1;
        using var simulator = AppleSimulator.Start();
        var report = BlastRadiusCheck.Run(simulator, seed, pipelines, only, outcome =>
        {
            if (trace)
            {
                foreach (var run in outcome.Runs)
                {
                    Console.Error.WriteLine($"[{outcome.Pipeline.Index}] {run.FullText} => {run.Rows.Count} row(s), {run.Changes.Count} change(s)" +
                        (run.Result.Errors.Count > 0 ? $", {run.Result.Errors.Count} error(s), first {run.Result.Errors[0]}" : string.Empty));
                }
            }

            foreach (var violation in outcome.Violations) Console.Error.WriteLine(violation.Message + Environment.NewLine);
        });

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = Command,
            seed,
            pipelines = report.Outcomes.Count,
            runs = report.Runs,
            changing = report.ChangingPipelines,
            violations = report.ViolatingPipelines,
            violationsByCommand = report.ViolatingPipelinesByCommand,
            violationsByKind = report.ViolationsByKind,
            seconds = Math.Round(report.Elapsed.TotalSeconds, 1),
        }));
        return 0;
    }
}
