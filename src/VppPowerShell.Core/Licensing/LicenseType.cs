namespace VppPowerShell.Core.Licensing;

/// <summary>Who a license is bound to (DOMAIN licensing table).</summary>
public enum LicenseType
{
    Device,
    User,
}
