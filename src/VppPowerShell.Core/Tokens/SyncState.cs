namespace VppPowerShell.Core.Tokens;

/// <summary>The sync states an admin sees for a token (R-T6).</summary>
public enum SyncState
{
    None,
    InProgress,
    Completed,
    Failed,
}
