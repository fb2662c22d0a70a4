namespace VppPowerShell.Core.Licensing;

/// <summary>What the store knows of a device's enrollment (Set-VppDevice); null members are unknown.</summary>
public sealed class VppDevice
{
    public VppDevice(string serialNumber, string? platform = null, string? ownership = null, bool? supervised = null,
        bool? kiosk = null, bool? userEnrollment = null, string? primaryUser = null)
    {
        SerialNumber = serialNumber;
        Platform = platform;
        Ownership = ownership;
        Supervised = supervised;
        Kiosk = kiosk;
        UserEnrollment = userEnrollment;
        PrimaryUser = primaryUser;
    }

    public string SerialNumber { get; }

    /// <summary>iOS or macOS (iPadOS counts as iOS).</summary>
    public string? Platform { get; }

    /// <summary>Corporate or Personal.</summary>
    public string? Ownership { get; }

    public bool? Supervised { get; }

    public bool? Kiosk { get; }

    public bool? UserEnrollment { get; }

    /// <summary>The client user id of the device's user.</summary>
    public string? PrimaryUser { get; }

    public bool IsMacOS => string.Equals(Platform, "macOS", System.StringComparison.OrdinalIgnoreCase);

    public override string ToString() => SerialNumber;
}
