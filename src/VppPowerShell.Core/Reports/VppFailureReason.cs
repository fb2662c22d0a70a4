using System.Linq;
using System;
using System.Collections.Generic;
using VppPowerShell.Core.ReadModels;

namespace VppPowerShell.Core.Reports;

/// <summary>The targets of one asset whose last change failed for one reason (error id).</summary>
public sealed class VppFailureReason
{
    internal VppFailureReason(int tokenId, string adamId, string pricingParam, string errorId, int count, string? reason,
        DateTimeOffset lastFailedOn, IReadOnlyList<VppReportTarget> targets)
    {
        TokenId = tokenId;
        AdamId = adamId;
        PricingParam = pricingParam;
        ErrorId = errorId;
        Count = count;
        Reason = reason;
        LastFailedOn = lastFailedOn;
        Targets = new JoinedList<VppReportTarget>(targets.ToList(), "; ");
    }

    public int TokenId { get; }

    public string AdamId { get; }

    public string PricingParam { get; }

    /// <summary>The stable error id, for example NoLicenseAvailable.</summary>
    public string ErrorId { get; }

    /// <summary>How many targets failed with this error id.</summary>
    public int Count { get; }

    /// <summary>The reason given for the most recent of these failures.</summary>
    public string? Reason { get; }

    public DateTimeOffset LastFailedOn { get; }

    /// <summary>The targets (up to the report's target limit; <see cref="Count"/> is always complete).</summary>
    public IReadOnlyList<VppReportTarget> Targets { get; }

    public override string ToString() => $"{ErrorId}: {Count}";
}
