namespace VppPowerShell.Core.Licensing;

/// <summary>Who a license is bound to (business rules: the licensing table).</summary>
public enum LicenseType
{
    Device,
    User,
}
