namespace VppPowerShell.Core.Tokens;

/// <summary>The kind of Apple account a location belongs to (R-T4).</summary>
public enum AccountType
{
    Business,
    Education,
}
