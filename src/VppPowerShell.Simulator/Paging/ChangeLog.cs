using System.Collections.Generic;

namespace VppPowerShell.Simulator.Paging;

/// <summary>
/// What each write of a data set touched, in version order, so that a delta
/// (<c>sinceVersionId</c>) reads the changes instead of every row.
/// </summary>
internal sealed class ChangeLog
{
    private readonly List<Change> _changes = new List<Change>();

    /// <summary>Changes at or below this version are not logged (seeded rows): a delta from there scans the rows.</summary>
    public long Floor;

    public int Count => _changes.Count;

    public Change this[int index] => _changes[index];

    public bool Covers(long sinceVersion) => sinceVersion >= Floor;

    public void Add(long version, long key) => _changes.Add(new Change(version, key));

    /// <summary>Index of the first change after <paramref name="version"/>.</summary>
    public int FirstAfter(long version)
    {
        int lo = 0, hi = _changes.Count;
        while (lo < hi)
        {
            int mid = lo + (hi - lo) / 2;
            if (_changes[mid].Version <= version) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
