using System;
using System.Collections.Generic;
using System.Linq;

namespace VppPowerShell.Core.Licensing;

/// <summary>Everything a bulk change will do, before anything is sent: per target, and per request.</summary>
public sealed class LicensePlan
{
    internal LicensePlan(IReadOnlyList<PlannedTarget> targets, IReadOnlyList<PlannedBatch> batches, ChangesInHand? inHandElsewhere = null)
    {
        Targets = targets;
        Batches = batches;
        InHandElsewhere = inHandElsewhere ?? ChangesInHand.None;
    }

    /// <summary>What other jobs had in hand when this was planned; a job journaled since makes the plan out of date (R-L8).</summary>
    internal ChangesInHand InHandElsewhere { get; }

    /// <summary>Plans the same request again from the store as it is now (set by the service that planned it).</summary>
    internal Func<LicensePlan>? Replan { get; set; }

    /// <summary>The targets left to other jobs, with the job each is left to.</summary>
    public IEnumerable<PlannedTarget> LeftToOtherJobs => Targets.Where(t => t.LeftToJobId is not null);

    public IReadOnlyList<PlannedTarget> Targets { get; }

    public IReadOnlyList<PlannedBatch> Batches { get; }

    public int Count(PlannedAction action) => Targets.Count(t => t.Action == action);

    public int Requests(BatchOperation operation) => Batches.Count(b => b.Operation == operation);

    /// <summary>
    /// True when a rule refuses the asset for the target (a book to a device, an invalid target...):
    /// such input never becomes desired state. Running out of licenses is no refusal of the target:
    /// it stays desired, and the report counts the licenses needed (R-L5).
    /// </summary>
    public bool RefusedByRule(string adamId, string requestedTarget) =>
        Targets.Any(t => t.Pool.AdamId == adamId
            && string.Equals(t.RequestedTarget, requestedTarget, System.StringComparison.OrdinalIgnoreCase)
            && t.ErrorId is not null && t.ErrorId != VppErrorIds.NoLicenseAvailable);

    /// <summary>"Associate: 100 license(s) in 1 request(s); ... Refused: NoLicenseAvailable 400", for -WhatIf and logs.</summary>
    public string Summary()
    {
        var parts = new List<string>();
        foreach (var (action, operation) in new[]
                 {
                     (PlannedAction.Associate, BatchOperation.Associate), (PlannedAction.Disassociate, BatchOperation.Disassociate),
                     (PlannedAction.Revoke, BatchOperation.Revoke),
                 })
        {
            var chosen = Targets.Where(t => t.Action == action).ToList();
            if (chosen.Count == 0) continue;
            var licenses = chosen.Sum(t => t.Licenses);
            parts.Add(action == PlannedAction.Revoke
                ? $"{action}: {licenses} license(s) of {chosen.Count} device(s) and user(s) in {Requests(operation)} request(s)"
                : $"{action}: {licenses} license(s) in {Requests(operation)} request(s)");
        }

        var users = Requests(BatchOperation.CreateUsers);
        if (users > 0) parts.Add($"create {Targets.Where(t => t.CreatesUser).Select(t => t.Target).Distinct().Count()} Apple user(s) in {users} request(s)");
        var none = Targets.Count(t => t.Action == PlannedAction.None && t.LeftToJobId is null);
        if (none > 0) parts.Add($"already as asked: {none}");
        foreach (var group in LeftToOtherJobs.GroupBy(t => t.LeftToJobId).OrderBy(g => g.Key))
        {
            parts.Add($"left to job {group.Key}: {group.Count()}");
        }

        foreach (var group in Targets.Where(t => t.Action == PlannedAction.Fail).GroupBy(t => t.ErrorId).OrderBy(g => g.Key))
        {
            parts.Add($"refused ({group.Key}): {group.Count()}");
        }

        var warnings = Targets.Count(t => t.Warning is not null);
        if (warnings > 0) parts.Add($"warnings: {warnings}");
        return parts.Count == 0 ? "nothing to do" : string.Join("; ", parts);
    }

    public override string ToString() => Summary();
}
