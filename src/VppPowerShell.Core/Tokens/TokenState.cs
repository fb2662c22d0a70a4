namespace VppPowerShell.Core.Tokens;

/// <summary>The states an admin sees for a token (R-T6).</summary>
public enum TokenState
{
    Valid,
    Expired,
    Invalid,
    AssignedToExternalMdm,
    DuplicateLocation,

    /// <summary>Only in Test-VppToken -Detailed: the store holds no such token.</summary>
    NotFound,
}
