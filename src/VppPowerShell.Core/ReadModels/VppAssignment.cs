namespace VppPowerShell.Core.ReadModels;

/// <summary>One license of a token's asset, held by a user or a device, as Apple reported it.</summary>
public sealed class VppAssignment
{
    internal VppAssignment(int tokenId, string tokenName, string adamId, string pricingParam, string? assetName,
        string? clientUserId, string? serialNumber)
    {
        TokenId = tokenId;
        TokenName = tokenName;
        AdamId = adamId;
        PricingParam = pricingParam;
        AssetName = assetName;
        ClientUserId = clientUserId;
        SerialNumber = serialNumber;
    }

    public int TokenId { get; }

    public string TokenName { get; }

    public string AdamId { get; }

    public string PricingParam { get; }

    public string? AssetName { get; }

    /// <summary>User or Device.</summary>
    public string LicenseType => SerialNumber is null ? "User" : "Device";

    public string? ClientUserId { get; }

    public string? SerialNumber { get; }

    public override string ToString() => $"{AssetName ?? AdamId} -> {SerialNumber ?? ClientUserId}";
}
