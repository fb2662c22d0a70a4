namespace VppPowerShell.Tests.BlastRadius;

/// <summary>The two SQLite stores of a blast-radius world; pipelines name them $A and $B.</summary>
public enum StoreName
{
    A,
    B,
}
