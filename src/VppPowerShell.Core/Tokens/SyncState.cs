namespace VppPowerShell.Core.Tokens;

/// <summary>The sync states an admin sees for a token (R-T6).</summary>
public enum SyncState
{
    None,
    InProgress,
    Completed,
    Failed,

    /// <summary>In progress as far as the store knows, but the process that ran the sync is gone; the next sync starts over.</summary>
    Interrupted,
}
