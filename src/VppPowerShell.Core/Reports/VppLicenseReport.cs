using System.Linq;
using System;
using System.Collections.Generic;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Core.ReadModels;

namespace VppPowerShell.Core.Reports;

/// <summary>
/// One asset of one token's pool (R-L6), as an admin checks it: Apple's counts and when Apple last
/// confirmed them (R-R8), what was asked for against what Apple holds (drift), the targets whose
/// last change failed (by reason), how many licenses are missing (R-L5), and the token's expiry (R-T2).
/// </summary>
public sealed class VppLicenseReport
{
    /// <summary>Apple's total for free apps with unlimited licenses.</summary>
    public const int UnlimitedCount = int.MaxValue;

    internal VppLicenseReport(VppToken token, string adamId, string pricingParam, string? name, string productType, int totalCount,
        int assignedCount, int availableCount, int retiredCount, DateTimeOffset lastConfirmedOn, int desiredCount,
        int desiredNotAssignedCount, IReadOnlyList<VppReportTarget> desiredNotAssigned, int assignedNotDesiredCount,
        IReadOnlyList<VppReportTarget> assignedNotDesired, int unmanagedCount, IReadOnlyList<VppFailureReason> failures)
    {
        TokenId = token.TokenId;
        TokenName = token.Name;
        AdamId = adamId;
        PricingParam = pricingParam;
        Name = name;
        ProductType = productType;
        TotalCount = totalCount;
        AssignedCount = assignedCount;
        AvailableCount = availableCount;
        RetiredCount = retiredCount;
        LastConfirmedOn = lastConfirmedOn;
        ExpiresOn = token.ExpiresOn;
        DaysUntilExpiry = token.DaysUntilExpiry;
        ExpiryLevel = TokenExpiryLevels.For(token);
        TokenState = token.State;
        DesiredCount = desiredCount;
        DesiredNotAssignedCount = desiredNotAssignedCount;
        DesiredNotAssigned = new JoinedList<VppReportTarget>(desiredNotAssigned.ToList(), "; ");
        AssignedNotDesiredCount = assignedNotDesiredCount;
        AssignedNotDesired = new JoinedList<VppReportTarget>(assignedNotDesired.ToList(), "; ");
        UnmanagedCount = unmanagedCount;
        Failures = new JoinedList<VppFailureReason>(failures.ToList(), "; ");
        var failed = 0;
        foreach (var failure in failures) failed += failure.Count;
        FailedCount = failed;
        // Holders nobody asked for here keep their licenses: the desired targets share what is left.
        LicensesNeeded = IsUnlimited ? 0 : Math.Max(0, desiredCount + assignedNotDesiredCount + unmanagedCount - totalCount);
    }

    public int TokenId { get; }

    public string TokenName { get; }

    public string AdamId { get; }

    public string PricingParam { get; }

    /// <summary>The name in the token's country store; null when that store does not sell it.</summary>
    public string? Name { get; }

    /// <summary>App or Book.</summary>
    public string ProductType { get; }

    /// <summary>Licenses owned (Apple's count); 2147483647 for free apps with unlimited licenses.</summary>
    public int TotalCount { get; }

    /// <summary>Licenses assigned (Apple's count).</summary>
    public int AssignedCount { get; }

    /// <summary>Licenses free to assign (Apple's count).</summary>
    public int AvailableCount { get; }

    /// <summary>Licenses Apple retired (refunded or no longer usable).</summary>
    public int RetiredCount { get; }

    /// <summary>True for free apps whose licenses are unlimited.</summary>
    public bool IsUnlimited => TotalCount == UnlimitedCount;

    /// <summary>When Apple last confirmed these counts (R-R8): counts settle at Apple within hours.</summary>
    public DateTimeOffset LastConfirmedOn { get; }

    /// <summary>When the token expires (R-T2).</summary>
    public DateTimeOffset ExpiresOn { get; }

    /// <summary>Whole days until the token expires: 0 on the last day, negative once expired.</summary>
    public int DaysUntilExpiry { get; }

    /// <summary>Which expiry warning applies: Within30Days, Within14Days, Within7Days, Expired, or None (R-T2).</summary>
    public TokenExpiryLevel ExpiryLevel { get; }

    /// <summary>The token's state (R-T6).</summary>
    public TokenState TokenState { get; }

    /// <summary>Devices and users the asset was assigned to with this module (groups expanded to their members), except Uninstall.</summary>
    public int DesiredCount { get; }

    /// <summary>How many desired targets do not hold a license at Apple (as of the last sync or change).</summary>
    public int DesiredNotAssignedCount { get; }

    /// <summary>Desired targets that do not hold a license at Apple (up to the report's target limit).</summary>
    public IReadOnlyList<VppReportTarget> DesiredNotAssigned { get; }

    /// <summary>How many licenses Apple shows assigned to targets that were not assigned with this module (or were removed here).</summary>
    public int AssignedNotDesiredCount { get; }

    /// <summary>Targets holding a license at Apple that nobody asked for here (up to the report's target limit).</summary>
    public IReadOnlyList<VppReportTarget> AssignedNotDesired { get; }

    /// <summary>
    /// Licenses Apple shows for an asset this store has never been asked to manage (assigned by
    /// another system, or before the location was added here): not drift. Adopt them as desired with
    /// <c>Get-VppAssignment -AdamId &lt;id&gt; | Set-VppAssignment</c>.
    /// </summary>
    public int UnmanagedCount { get; }

    /// <summary>True when what was asked for here and what Apple holds differ (unmanaged licenses are not drift).</summary>
    public bool HasDrift => DesiredNotAssignedCount > 0 || AssignedNotDesiredCount > 0;

    /// <summary>Targets whose last change failed, by error id.</summary>
    public IReadOnlyList<VppFailureReason> Failures { get; }

    /// <summary>How many targets' last change failed, for any reason.</summary>
    public int FailedCount { get; }

    /// <summary>How many more licenses the desired targets need, the other holders keeping theirs (R-L5).</summary>
    public int LicensesNeeded { get; }

    /// <summary>True when more targets are desired than there are licenses.</summary>
    public bool IsOversubscribed => LicensesNeeded > 0;

    public override string ToString() => $"{Name ?? AdamId} ({AdamId}, {TokenName})";
}
