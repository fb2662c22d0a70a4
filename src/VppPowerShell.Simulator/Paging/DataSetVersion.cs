namespace VppPowerShell.Simulator.Paging;

/// <summary>
/// The version of one data set: a v2 location's assets, assignments or users (each with its own
/// <c>versionId</c>), or a whole v1 account (what <c>sinceModifiedToken</c> marks). Rows changed by
/// a write are stamped with <see cref="Next"/>; <see cref="Commit"/> then makes it current.
/// </summary>
internal sealed class DataSetVersion
{
    public DataSetVersion(int setNumber) => SetNumber = setNumber;

    /// <summary>Which data set a v2 versionId names (<see cref="VersionIdFormat"/>).</summary>
    public int SetNumber { get; }

    /// <summary>A field, so that a paging quirk can move it (<see cref="PageShape"/>).</summary>
    public long Current = 1;

    /// <summary>The write in progress changed the set.</summary>
    public bool Changed;

    public long Next => Current + 1;

    /// <summary>Ends a write: a new version if it changed the set. Returns whether it did.</summary>
    public bool Commit()
    {
        if (!Changed) return false;
        Current++;
        Changed = false;
        return true;
    }

    /// <summary>A new version at once, for stores that stamp every write (v1).</summary>
    public long Advance() => ++Current;
}
