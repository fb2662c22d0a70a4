using System;
using System.Collections.Generic;
using System.Linq;
using VppPowerShell.Core.ReadModels;

namespace VppPowerShell.Core.Reports;

/// <summary>
/// One app or book (adamId) across the tokens that bought it: the totals of its pools and the pools
/// themselves underneath, closest to running out first. Licenses do not move between tokens (R-L6),
/// so the licenses missing are the sum of each pool's, never offset by another token's free ones.
/// </summary>
public sealed class VppAppLicenseReport
{
    internal VppAppLicenseReport(IReadOnlyList<VppLicenseReport> pools)
    {
        if (pools.Count == 0) throw new ArgumentException("An app's report needs at least one pool.", nameof(pools));
        var ordered = Scarcity.Order(pools).ToList();
        var counted = pools.Where(p => !p.IsUnlimited).ToList();
        AdamId = pools[0].AdamId;
        Name = pools.Select(p => p.Name).FirstOrDefault(n => n is not null);
        ProductType = pools[0].ProductType;
        TokenCount = pools.Select(p => p.TokenId).Distinct().Count();
        IsUnlimited = counted.Count == 0;
        TotalCount = IsUnlimited ? VppLicenseReport.UnlimitedCount : Sum(counted, p => p.TotalCount);
        AvailableCount = IsUnlimited ? VppLicenseReport.UnlimitedCount : Sum(counted, p => p.AvailableCount);
        AssignedCount = Sum(pools, p => p.AssignedCount);
        RetiredCount = Sum(pools, p => p.RetiredCount);
        DesiredCount = Sum(pools, p => p.DesiredCount);
        DesiredNotAssignedCount = Sum(pools, p => p.DesiredNotAssignedCount);
        AssignedNotDesiredCount = Sum(pools, p => p.AssignedNotDesiredCount);
        FailedCount = Sum(pools, p => p.FailedCount);
        LicensesNeeded = Sum(pools, p => p.LicensesNeeded);
        OversubscribedTokenCount = pools.Where(p => p.IsOversubscribed).Select(p => p.TokenId).Distinct().Count();
        HasDrift = pools.Any(p => p.HasDrift);
        TightestPool = ordered[0];
        DaysUntilFirstExpiry = pools.Min(p => p.DaysUntilExpiry);
        Pools = new JoinedList<VppLicenseReport>(ordered, "; ");
    }

    public string AdamId { get; }

    /// <summary>The name in the first token's country store that sells it; null when none does.</summary>
    public string? Name { get; }

    /// <summary>App or Book.</summary>
    public string ProductType { get; }

    /// <summary>How many tokens hold a pool of it.</summary>
    public int TokenCount { get; }

    /// <summary>True when every pool is a free app with unlimited licenses.</summary>
    public bool IsUnlimited { get; }

    /// <summary>Licenses owned across the tokens (pools with unlimited licenses not counted); 2147483647 when all are unlimited.</summary>
    public int TotalCount { get; }

    /// <summary>Licenses assigned across the tokens (Apple's counts).</summary>
    public int AssignedCount { get; }

    /// <summary>Licenses free to assign across the tokens (pools with unlimited licenses not counted). A free license of one token cannot serve another.</summary>
    public int AvailableCount { get; }

    /// <summary>Licenses Apple retired across the tokens.</summary>
    public int RetiredCount { get; }

    /// <summary>Devices and users it was assigned to with this module, across the tokens.</summary>
    public int DesiredCount { get; }

    /// <summary>Desired targets that hold no license at Apple, across the tokens.</summary>
    public int DesiredNotAssignedCount { get; }

    /// <summary>Licenses at Apple nobody asked for here, across the tokens.</summary>
    public int AssignedNotDesiredCount { get; }

    /// <summary>Targets whose last change failed, across the tokens.</summary>
    public int FailedCount { get; }

    /// <summary>Licenses missing: the sum of what each token's pool needs (R-L5), since licenses do not move between tokens.</summary>
    public int LicensesNeeded { get; }

    /// <summary>True when at least one token's pool is oversubscribed.</summary>
    public bool IsOversubscribed => LicensesNeeded > 0;

    /// <summary>How many tokens' pools need more licenses than they own.</summary>
    public int OversubscribedTokenCount { get; }

    /// <summary>True when what was asked for and what Apple holds differ in at least one pool.</summary>
    public bool HasDrift { get; }

    /// <summary>The pool closest to running out: the most licenses missing, then the smallest share free.</summary>
    public VppLicenseReport TightestPool { get; }

    /// <summary>Days until the first of its tokens expires (negative once one has expired).</summary>
    public int DaysUntilFirstExpiry { get; }

    /// <summary>One report per token's pool, closest to running out first.</summary>
    public IReadOnlyList<VppLicenseReport> Pools { get; }

    public override string ToString() => $"{Name ?? AdamId} ({AdamId}, {TokenCount} token(s))";

    /// <summary>Groups pools by app or book (adamId), ordered by name then adamId.</summary>
    public static IReadOnlyList<VppAppLicenseReport> Group(IEnumerable<VppLicenseReport> pools) =>
        pools.GroupBy(p => p.AdamId, StringComparer.Ordinal)
            .Select(g => new VppAppLicenseReport(g.ToList()))
            .OrderBy(a => a.Name ?? a.AdamId, StringComparer.OrdinalIgnoreCase)
            .ThenBy(a => a.AdamId, StringComparer.Ordinal)
            .ToList();

    private static int Sum(IEnumerable<VppLicenseReport> pools, Func<VppLicenseReport, int> count)
    {
        long sum = 0;
        foreach (var pool in pools) sum += count(pool);
        return (int)Math.Min(sum, VppLicenseReport.UnlimitedCount - 1);
    }
}
