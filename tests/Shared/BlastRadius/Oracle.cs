using System.Collections.Generic;
using System.Linq;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>
/// Judges a run against what its scope allowed: every change outside it is a violation, told apart
/// by why it should not have happened (-WhatIf, an empty upstream, another store, a widened scope);
/// and, for a pipeline run both ways, whether -WhatIf counted what the real run then did.
/// </summary>
public static class Oracle
{
    public static IReadOnlyList<Violation> Judge(PipelineRun run)
    {
        var outside = run.Changes.Where(c => !run.Scope.Allows(c)).ToList();
        if (outside.Count == 0) return new Violation[0];
        if (run.Downstream.WhatIf) return new[] { Violation(run, ViolationKind.WhatIfChanged, "under -WhatIf", outside) };
        if (run.UpstreamWasEmpty) return new[] { Violation(run, ViolationKind.EmptyUpstreamChanged, "though the upstream emitted nothing", outside) };

        var home = outside.ToLookup(c => run.Scope.Touches(c.Store) || run.RowStores.Contains(c.Store));
        var violations = new List<Violation>();
        if (home[true].Any()) violations.Add(Violation(run, ViolationKind.ScopeWidened, "outside what the rows and the typed parameters name", home[true]));
        if (home[false].Any()) violations.Add(Violation(run, ViolationKind.OtherStoreChanged, "in a store that is neither the rows' nor one the pipeline may change", home[false]));
        return violations;
    }

    /// <summary>The same pipeline on identical worlds, with and without -WhatIf: the counts it said against what it did at Apple.</summary>
    public static IReadOnlyList<Violation> CompareWhatIf(PipelineRun whatIf, PipelineRun real)
    {
        var said = WhatIfCounts.From(whatIf.Result.WhatIfActions);
        var (gained, lost) = WorldChanges.AppleCounts(real.Changes);
        // The snapshots show net changes: a license the run gives and then takes back (a job finished first, then
        // the command's own revocation) is in neither, while -WhatIf counts both steps. So the net must agree,
        // and each side of -WhatIf is at least what the snapshots show.
        if (said.Gained - said.Lost == gained - lost && said.Gained >= gained && said.Lost >= lost) return new Violation[0];
        var details = new[]
            {
                $"-WhatIf counted {said.Gained} license(s) gained and {said.Lost} lost (\"Associate: N license(s)\"; \"Disassociate: N license(s)\" + \"Revoke: N license(s)\")",
                $"run for real, Apple gained {gained} and lost {lost}",
            }
            .Concat(whatIf.Result.WhatIfActions.Select(a => "What if: " + a))
            .Concat(real.Changes.Where(c => c.Kind == ChangeKind.AppleLicense).Select(c => c.Description));
        return new[] { new Violation(real.Spec, ViolationKind.WhatIfCount,
            ViolationMessage.Compose(real, ViolationKind.WhatIfCount, $"-WhatIf said +{said.Gained}/-{said.Lost} at Apple, the real run did +{gained}/-{lost}", details)) };
    }

    private static Violation Violation(PipelineRun run, ViolationKind kind, string where, IEnumerable<WorldChange> changes)
    {
        var list = changes.ToList();
        return new Violation(run.Spec, kind, ViolationMessage.Compose(run, kind, $"{list.Count} change(s) {where}", list.Select(c => c.Description)));
    }
}
