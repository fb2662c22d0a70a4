namespace VppPowerShell.Core.Licensing;

/// <summary>The Apple call a batch makes (API §5.4–§5.9).</summary>
public enum BatchOperation
{
    CreateUsers,
    Associate,
    Disassociate,
    Revoke,
}
