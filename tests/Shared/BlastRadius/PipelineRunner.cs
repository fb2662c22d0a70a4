using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>
/// Runs generated pipelines, each in a fresh world and a fresh runspace: the upstream alone first,
/// to capture the rows it emits (the oracle's input), then the whole pipeline, live, between two
/// snapshots of the world. A -WhatIf pipeline is run again for real on an identical world, to
/// compare what -WhatIf counted with what was done.
/// </summary>
public sealed class PipelineRunner
{
    private readonly WorldTemplate template;

    public PipelineRunner(WorldTemplate template)
    {
        this.template = template;
    }

    public PipelineOutcome Run(PipelineSpec spec)
    {
        var first = RunOnce(spec, spec.Downstream);
        var runs = new List<PipelineRun> { first };
        var violations = Oracle.Judge(first).ToList();
        if (spec.Downstream.WhatIf)
        {
            var real = RunOnce(spec, spec.Downstream with { WhatIf = false });
            runs.Add(real);
            violations.AddRange(Oracle.Judge(real));
            violations.AddRange(Oracle.CompareWhatIf(first, real));
        }

        return new PipelineOutcome(spec, runs, violations);
    }

    private PipelineRun RunOnce(PipelineSpec spec, Downstream downstream)
    {
        using var world = template.NewWorld();
        using var session = new ScriptSession(world.Variables);
        string? csv = null;
        if (spec.Upstream.Preparation is { } preparation)
        {
            session.Run(preparation);
            if (spec.Upstream.Edits is { } edits && File.Exists(world.CsvPath))
            {
                csv = edits.Apply(File.ReadAllText(world.CsvPath), world);
                File.WriteAllText(world.CsvPath, csv);
            }
        }

        var rows = session.Run(spec.Upstream.Live).Output.Select((item, i) => PipedRow.Read(item, i + 1)).ToList();
        downstream = StayInWorld(downstream, rows, spec.Upstream.Store, world);
        var text = spec.Upstream.Live + " | " + downstream.Text;
        var before = WorldSnapshot.Take(world);
        var scope = ScopeContract.For(downstream, rows, before, world);
        var result = session.Run(text);
        var changes = WorldChanges.Between(before, WorldSnapshot.Take(world));
        ScopeContract.AllowSaidTakeOvers(scope, before, changes, result.Said);
        return new PipelineRun(spec, downstream, text,
            world.Variables.ToDictionary(v => v.Key, v => (string)v.Value!),
            csv,
            rows.Select(r => r.Describe(world)).ToList(),
            rows.Select(r => world.StoreAt(r.StorePath) ?? downstream.StorePath).OfType<StoreName>().ToHashSet(),
            scope, changes, result);
    }

    /// <summary>
    /// A command given no store and rows without one (or no rows) would use the per-user default
    /// store, outside the world (and perhaps a real one): it is given the upstream's store instead.
    /// </summary>
    private static Downstream StayInWorld(Downstream downstream, IReadOnlyList<PipedRow> rows, StoreName upstreamStore, World world)
    {
        if (downstream.StorePath is not null) return downstream;
        return rows.Count > 0 && rows.All(r => world.StoreAt(r.StorePath) is not null) ? downstream : downstream with { StorePath = upstreamStore };
    }
}
