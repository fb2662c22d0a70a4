using System.Collections.Generic;
using System.Linq;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>What running one generated pipeline found: its runs (two for a -WhatIf pipeline) and their violations.</summary>
public sealed record PipelineOutcome(PipelineSpec Pipeline, IReadOnlyList<PipelineRun> Runs, IReadOnlyList<Violation> Violations)
{
    /// <summary>True when some run changed something, allowed or not: the world and the commands did work.</summary>
    public bool ChangedSomething => Runs.Any(r => r.Changes.Count > 0);
}
