using System.Collections.Generic;

namespace VppPowerShell.Core.Licensing;

/// <summary>One license pool (token, asset) as the store last saw it at Apple.</summary>
public sealed class PoolState
{
    public PoolState(int tokenId, string adamId, string pricingParam, string productType, bool deviceAssignable, bool revocable,
        int availableCount, ISet<string> assignedUsers, ISet<string> assignedDevices)
    {
        TokenId = tokenId;
        AdamId = adamId;
        PricingParam = pricingParam;
        ProductType = productType;
        DeviceAssignable = deviceAssignable;
        Revocable = revocable;
        AvailableCount = availableCount;
        AssignedUsers = assignedUsers;
        AssignedDevices = assignedDevices;
    }

    public int TokenId { get; }

    public string AdamId { get; }

    public string PricingParam { get; }

    public string ProductType { get; }

    public bool IsBook => string.Equals(ProductType, "Book", System.StringComparison.OrdinalIgnoreCase);

    public bool DeviceAssignable { get; }

    public bool Revocable { get; }

    public int AvailableCount { get; }

    public ISet<string> AssignedUsers { get; }

    public ISet<string> AssignedDevices { get; }

    /// <summary>For the token-wide pool of revocations: how many revocable licenses each device or user holds.</summary>
    internal Dictionary<(string Target, LicenseType Type), int> LicensesHeld { get; } = new();

    public bool IsAssigned(string target, LicenseType type) =>
        type == LicenseType.Device ? AssignedDevices.Contains(target) : AssignedUsers.Contains(target);
}
