using System;
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

    public int AvailableCount { get; private set; }

    public ISet<string> AssignedUsers { get; }

    public ISet<string> AssignedDevices { get; }

    /// <summary>For the token-wide pool of revocations: how many revocable licenses each device or user holds.</summary>
    internal Dictionary<(string Target, LicenseType Type), int> LicensesHeld { get; } = new();

    /// <summary>
    /// Takes a change another job still has to make as made: what a plan sees when it is shown (under
    /// -WhatIf) before that job is finished. The token-wide pool of revocations takes every asset's changes.
    /// </summary>
    internal void Assume(PlannedAction action, string adamId, string pricingParam, string target, LicenseType type)
    {
        var tokenWide = AdamId == "*";
        if (!tokenWide && (AdamId != adamId || PricingParam != pricingParam) && action != PlannedAction.Revoke) return;
        var holders = type == LicenseType.Device ? AssignedDevices : AssignedUsers;
        LicensesHeld.TryGetValue((target, type), out var held);
        switch (action)
        {
            case PlannedAction.Associate:
                if (holders.Add(target) && !tokenWide) AvailableCount--;
                if (tokenWide) LicensesHeld[(target, type)] = held + 1;
                break;
            case PlannedAction.Disassociate:
                if (!tokenWide && holders.Remove(target)) AvailableCount++;
                if (tokenWide && held <= 1) holders.Remove(target);
                if (tokenWide) LicensesHeld[(target, type)] = Math.Max(0, held - 1);
                break;
            case PlannedAction.Revoke:
                if (holders.Remove(target) && !tokenWide) AvailableCount++;
                LicensesHeld.Remove((target, type));
                break;
        }
    }

    public bool IsAssigned(string target, LicenseType type) =>
        type == LicenseType.Device ? AssignedDevices.Contains(target) : AssignedUsers.Contains(target);
}
