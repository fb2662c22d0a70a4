namespace VppPowerShell.Simulator.State;

/// <summary>One assignment slot. <see cref="Asset"/> is -1 for a removed row.</summary>
internal struct AssignmentRow
{
    public int Asset;
    /// <summary>User: clientUserId id (&gt;= 0). Device: bitwise complement of the serial id (&lt; 0).</summary>
    public int Target;
    public long Version;
}
