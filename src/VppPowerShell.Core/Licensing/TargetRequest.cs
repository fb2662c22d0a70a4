namespace VppPowerShell.Core.Licensing;

/// <summary>One target of a bulk change: a device (serial number) or a user (client user id).</summary>
public readonly struct TargetRequest
{
    public TargetRequest(string target, LicenseType licenseType, bool isDeviceTarget)
    {
        Target = target;
        LicenseType = licenseType;
        IsDeviceTarget = isDeviceTarget;
    }

    /// <summary>The serial number, or the client user id.</summary>
    public string Target { get; }

    public LicenseType LicenseType { get; }

    /// <summary>True when the admin named a device (serial number), whatever the license type.</summary>
    public bool IsDeviceTarget { get; }
}
