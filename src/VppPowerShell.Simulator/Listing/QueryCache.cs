using System;
using System.Collections.Generic;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Listing;

/// <summary>
/// Filtered listings of a location (row indexes), kept while the assignments and users versions
/// stay the same, so the pages of one traversal filter once.
/// </summary>
internal sealed class QueryCache
{
    private const int MaxCachedQueries = 32;

    private readonly Dictionary<string, int[]> _results = new Dictionary<string, int[]>(StringComparer.Ordinal);
    private long _assignmentsVersion = -1;
    private long _usersVersion = -1;

    /// <summary>The cached rows of <paramref name="key"/>; first forgets everything when a version moved or the cache is full.</summary>
    public bool TryGet(LocationState s, string key, out int[] rows)
    {
        if (_assignmentsVersion != s.AssignmentsVersion.Current || _usersVersion != s.UsersVersion.Current || _results.Count > MaxCachedQueries)
        {
            _results.Clear();
            _assignmentsVersion = s.AssignmentsVersion.Current;
            _usersVersion = s.UsersVersion.Current;
        }
        return _results.TryGetValue(key, out rows!);
    }

    public void Add(string key, int[] rows) => _results[key] = rows;
}
