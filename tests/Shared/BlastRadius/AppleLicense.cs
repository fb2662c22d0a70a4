namespace VppPowerShell.Tests.BlastRadius;

/// <summary>One license assigned at Apple, in the location of a token of the world.</summary>
public sealed record AppleLicense(string TokenName, string AdamId, string PricingParam, string? SerialNumber, string? ClientUserId)
{
    public string Target => SerialNumber ?? ClientUserId ?? string.Empty;

    public override string ToString() => $"{AdamId} ({PricingParam}) -> {(SerialNumber is null ? "user " + ClientUserId : "device " + SerialNumber)}";
}
