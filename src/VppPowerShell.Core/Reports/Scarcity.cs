using System;
using System.Collections.Generic;
using System.Linq;

namespace VppPowerShell.Core.Reports;

/// <summary>
/// Which pools are closest to running out, in the order a report leads with them: the most licenses
/// missing first (R-L5), then the smallest share of licenses still free, then the fewest free.
/// A pool of unlimited licenses never runs out, and one nobody uses or asks for is not running out.
/// </summary>
public static class Scarcity
{
    /// <summary>Every pool, closest to running out first; unlimited and unused ones last, by token name.</summary>
    public static IOrderedEnumerable<VppLicenseReport> Order(IEnumerable<VppLicenseReport> pools) =>
        pools.OrderBy(p => IsRunningOut(p) ? 0 : 1)
            .ThenByDescending(p => p.LicensesNeeded)
            .ThenBy(p => FreeShare(p.AvailableCount, p.TotalCount, p.IsUnlimited))
            .ThenBy(p => p.AvailableCount)
            .ThenBy(p => p.TokenName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.PricingParam, StringComparer.Ordinal);

    /// <summary>The pools that can run out (counted, used or asked for), closest first.</summary>
    public static IEnumerable<VppLicenseReport> Tightest(IEnumerable<VppLicenseReport> pools) => Order(pools.Where(IsRunningOut));

    /// <summary>The apps that can run out in some token, closest first by their tightest pool, then by licenses missing across tokens.</summary>
    public static IEnumerable<VppAppLicenseReport> Tightest(IEnumerable<VppAppLicenseReport> apps) =>
        apps.Where(a => IsRunningOut(a.TightestPool))
            .OrderByDescending(a => a.LicensesNeeded)
            .ThenBy(a => FreeShare(a.TightestPool.AvailableCount, a.TightestPool.TotalCount, false))
            .ThenBy(a => a.TightestPool.AvailableCount)
            .ThenBy(a => a.Name ?? a.AdamId, StringComparer.OrdinalIgnoreCase);

    /// <summary>True for a pool of counted licenses that is used or asked for.</summary>
    public static bool IsRunningOut(VppLicenseReport pool) =>
        !pool.IsUnlimited && (pool.LicensesNeeded > 0 || pool.AssignedCount > 0 || pool.DesiredCount > 0);

    private static double FreeShare(int available, int total, bool unlimited) =>
        unlimited ? double.MaxValue : total <= 0 ? 0 : (double)Math.Max(0, available) / total;
}
