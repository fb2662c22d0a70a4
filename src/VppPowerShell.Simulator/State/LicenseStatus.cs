namespace VppPowerShell.Simulator.State;

internal enum LicenseStatus : byte
{
    Available,
    Associated,
    Refunded,
    /// <summary>Moved to a location: no longer listed by the legacy account.</summary>
    Moved,
}

internal static class LicenseStatusText
{
    /// <summary>The v1 <c>status</c> of a license.</summary>
    public static string ToWireText(this LicenseStatus status) => status switch
    {
        LicenseStatus.Available => "Available",
        LicenseStatus.Associated => "Associated",
        LicenseStatus.Refunded => "Refunded",
        _ => "Moved",
    };
}
