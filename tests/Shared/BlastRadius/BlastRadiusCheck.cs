using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using VppPowerShell.Simulator;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>
/// The generative "blast radius" check: every read of the module piped into every state-changing
/// command, each pipeline on a fresh world, judged by an oracle that works out the allowed scope
/// from what was piped and typed, and reads the world itself (the simulator's locations, the store
/// files). The xunit suite runs it with a fixed seed; the benchmark program runs it longer.
/// </summary>
public static class BlastRadiusCheck
{
    /// <param name="simulator">Where the world's locations are added.</param>
    /// <param name="seed">Chooses the pipelines: the same seed, the same pipelines.</param>
    /// <param name="pipelines">How many, from pipeline 0.</param>
    /// <param name="only">Runs this one pipeline of the seed alone instead.</param>
    /// <param name="ran">Called after each pipeline, for progress.</param>
    public static BlastRadiusReport Run(AppleSimulator simulator, int seed, int pipelines, int? only = null, Action<PipelineOutcome>? ran = null)
    {
        var clock = Stopwatch.StartNew();
        var generator = new PipelineGenerator(seed);
        var outcomes = new List<PipelineOutcome>();
        using (var template = WorldTemplate.Build(simulator))
        {
            var runner = new PipelineRunner(template);
            foreach (var index in only is { } one ? new[] { one } : Enumerable.Range(0, pipelines))
            {
                var outcome = runner.Run(generator.Pipeline(index));
                outcomes.Add(outcome);
                ran?.Invoke(outcome);
            }
        }

        return new BlastRadiusReport(seed, outcomes, clock.Elapsed);
    }
}
