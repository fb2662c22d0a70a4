using System.Collections.Generic;

namespace VppPowerShell.Core.Apple;

/// <summary>Apple's batch limits as service config states them (API §5.1, §8); Apple's published values as fallback.</summary>
public sealed class ServiceLimits
{
    /// <summary>Limits as service config states them; any missing or not positive falls back to Apple's published value.</summary>
    public ServiceLimits(IReadOnlyDictionary<string, int>? limits)
    {
        int Read(string key, int fallback) => limits is not null && limits.TryGetValue(key, out var v) && v > 0 ? v : fallback;
        MaxAssets = Read("maxAssets", 25);
        MaxClientUserIds = Read("maxClientUserIds", 1000);
        MaxSerialNumbers = Read("maxSerialNumbers", 1000);
        MaxRevokeClientUserIds = Read("maxRevokeClientUserIds", 100);
        MaxRevokeSerialNumbers = Read("maxRevokeSerialNumbers", 100);
        MaxUsers = Read("maxUsers", 100);
    }

    public int MaxAssets { get; }

    public int MaxClientUserIds { get; }

    public int MaxSerialNumbers { get; }

    public int MaxRevokeClientUserIds { get; }

    public int MaxRevokeSerialNumbers { get; }

    public int MaxUsers { get; }
}
