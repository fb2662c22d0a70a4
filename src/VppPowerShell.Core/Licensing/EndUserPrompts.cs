namespace VppPowerShell.Core.Licensing;

/// <summary>What a device's user sees for an assignment, by scenario (business rules: what a user sees, by scenario).</summary>
public static class EndUserPrompts
{
    public static string? For(LicenseType licenseType, VppDevice? device)
    {
        if (device?.Ownership is null) return null;
        var personal = string.Equals(device.Ownership, "Personal", System.StringComparison.OrdinalIgnoreCase);
        var supervised = device.Supervised == true;
        if (licenseType == LicenseType.User)
        {
            if (device.Kiosk == true) return "Not recommended: user licensing on a kiosk device";
            return Describe(invitation: true, install: personal || !supervised, appleId: true);
        }

        return Describe(invitation: false, install: personal || !supervised, appleId: false);
    }

    private static string Describe(bool invitation, bool install, bool appleId) =>
        $"Invitation: {YesNo(invitation)}; app install prompt: {YesNo(install)}; Apple ID prompt: {YesNo(appleId)}";

    private static string YesNo(bool value) => value ? "yes" : "no";
}
