namespace VppPowerShell.Simulator.Paging;

/// <summary>One entry of a data set's change log: the version of the write and what it touched.</summary>
internal struct Change
{
    public long Version;
    public long Key;

    public Change(long version, long key)
    {
        Version = version;
        Key = key;
    }
}
