using System.Linq;
using System;
using System.Collections.Generic;

namespace VppPowerShell.Core.ReadModels;

/// <summary>An app or book of one token's pool (R-L6), with Apple's counts as of the last sync.</summary>
public sealed class VppAsset
{
    internal VppAsset(int tokenId, string tokenName, string adamId, string pricingParam, string? name, string? bundleId,
        string productType, int totalCount, int assignedCount, int availableCount, int retiredCount, bool deviceAssignable,
        bool revocable, IReadOnlyList<string> supportedPlatforms, DateTimeOffset lastSyncOn)
    {
        TokenId = tokenId;
        TokenName = tokenName;
        AdamId = adamId;
        PricingParam = pricingParam;
        Name = name;
        BundleId = bundleId;
        ProductType = productType;
        TotalCount = totalCount;
        AssignedCount = assignedCount;
        AvailableCount = availableCount;
        RetiredCount = retiredCount;
        DeviceAssignable = deviceAssignable;
        Revocable = revocable;
        SupportedPlatforms = new JoinedList<string>(supportedPlatforms.ToList());
        LastSyncOn = lastSyncOn;
    }

    public int TokenId { get; }

    public string TokenName { get; }

    public string AdamId { get; }

    public string PricingParam { get; }

    /// <summary>The name in the token's country store; null when that store does not sell it.</summary>
    public string? Name { get; }

    public string? BundleId { get; }

    /// <summary>App or Book.</summary>
    public string ProductType { get; }

    /// <summary>Licenses owned; 2147483647 for unlimited free apps.</summary>
    public int TotalCount { get; }

    public int AssignedCount { get; }

    public int AvailableCount { get; }

    public int RetiredCount { get; }

    public bool DeviceAssignable { get; }

    public bool Revocable { get; }

    public IReadOnlyList<string> SupportedPlatforms { get; }

    /// <summary>When Apple last confirmed these counts (R-R8).</summary>
    public DateTimeOffset LastSyncOn { get; }

    public override string ToString() => $"{Name ?? AdamId} ({AdamId}, {TokenName})";
}
