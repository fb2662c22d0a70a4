using VppPowerShell.Core.Licensing;

namespace VppPowerShell.Core.Reports;

/// <summary>
/// One device or user named by a report (drift or failure). Its property names are those that
/// Set-VppAssignment, Remove-VppAssignment and Revoke-VppLicense bind by property name, so a
/// report's list can be piped straight into the fix.
/// </summary>
public sealed class VppReportTarget
{
    internal VppReportTarget(int tokenId, string adamId, string pricingParam, LicenseType licenseType, string? serialNumber, string? clientUserId)
    {
        TokenId = tokenId;
        AdamId = adamId;
        PricingParam = pricingParam;
        LicenseType = licenseType;
        SerialNumber = serialNumber;
        ClientUserId = clientUserId;
    }

    public int TokenId { get; }

    public string AdamId { get; }

    public string PricingParam { get; }

    /// <summary>Device: the license is bound to the device; User: to the user (R-L1, R-L2).</summary>
    public LicenseType LicenseType { get; }

    /// <summary>The device, for device licenses (and for a device whose user is unknown).</summary>
    public string? SerialNumber { get; }

    /// <summary>The user, for user licenses.</summary>
    public string? ClientUserId { get; }

    /// <summary>The serial number or the client user id.</summary>
    public string Target => SerialNumber ?? ClientUserId ?? string.Empty;

    public override string ToString() => Target;
}
