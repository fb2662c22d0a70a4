namespace VppPowerShell.Simulator.State;

/// <summary>One license seat. Its id is the account's license id base plus its index.</summary>
internal struct LicenseRow
{
    public int Asset;
    public LicenseStatus Status;
    /// <summary>User record index, or -1.</summary>
    public int User;
    /// <summary>Serial number id, or -1.</summary>
    public int Serial;
    /// <summary>The account version of the last change (for sinceModifiedToken).</summary>
    public long Modified;
}
