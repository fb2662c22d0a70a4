using System;
using System.Collections.Generic;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Listing;

/// <summary>
/// Which rows a filtered v2 listing holds, in listing order: assignment slots or user record
/// indexes. A delta (<c>sinceVersionId</c>) reads the change log where it can. Callers hold the gate.
/// </summary>
internal sealed class LocationQueries
{
    private readonly LocationState _state;
    private readonly QueryCache _cache = new QueryCache();
    private readonly AssetGroups _assetGroups = new AssetGroups();

    public LocationQueries(LocationState state) => _state = state;

    public int[] Assignments(string? adamId, string? pricing, string? clientUserId, string? serialNumber, string? since, long sinceVersion, bool excludeInactive)
    {
        string key = "a|" + adamId + "|" + pricing + "|" + clientUserId + "|" + serialNumber + "|" + since + "|" + excludeInactive;
        if (!_cache.TryGet(_state, key, out var slots))
        {
            slots = FindAssignmentSlots(adamId, pricing, clientUserId, serialNumber, since != null ? sinceVersion : (long?)null, excludeInactive);
            _cache.Add(key, slots);
        }
        return slots;
    }

    public int[] Users(string? clientUserId, string? since, long sinceVersion, bool activeOnly, bool retiredOnly)
    {
        string key = "u|" + clientUserId + "|" + since + "|" + activeOnly + "|" + retiredOnly;
        if (!_cache.TryGet(_state, key, out var records))
        {
            records = FindUserRecords(clientUserId, since != null ? sinceVersion : (long?)null, activeOnly, retiredOnly);
            _cache.Add(key, records);
        }
        return records;
    }

    private int[] FindAssignmentSlots(string? adamId, string? pricing, string? clientUserId, string? serialNumber, long? since, bool excludeInactive)
    {
        var s = _state;
        bool[]? assetMask = null;
        if (adamId != null || pricing != null)
        {
            var ids = adamId is null ? null : new HashSet<string>(adamId.Split(','), StringComparer.Ordinal);
            assetMask = new bool[s.Assets.Count];
            foreach (var a in s.Assets)
            {
                assetMask[a.Index] = (ids is null || ids.Contains(a.AdamId))
                    && (pricing is null || string.Equals(a.PricingParam, pricing, StringComparison.OrdinalIgnoreCase));
            }
        }

        bool hasTarget = clientUserId != null || serialNumber != null;
        int target = 0;
        if (clientUserId != null && serialNumber != null) return Array.Empty<int>();
        if (clientUserId != null && !s.Cids.TryGet(clientUserId, out target)) return Array.Empty<int>();
        if (serialNumber != null)
        {
            if (!s.Serials.TryGet(serialNumber, out int sid)) return Array.Empty<int>();
            target = ~sid;
        }

        bool Matches(AssignmentRow row) =>
            row.Asset >= 0
            && (assetMask is null || assetMask[row.Asset])
            && (!hasTarget || row.Target == target)
            && (!excludeInactive || row.Target < 0 || s.IsActiveCid(row.Target));

        var result = new List<int>();
        var log = s.AssignmentChanges;
        if (since != null && log.Covers(since.Value))
        {
            // Only what changed after that version: walk the change log, not the rows.
            for (int i = log.FirstAfter(since.Value); i < log.Count; i++)
            {
                var change = log[i];
                if (s.RowByPair.TryGetValue(change.Key, out int slot) && s.Rows[slot].Version == change.Version && Matches(s.Rows[slot]))
                    result.Add(slot);
            }
            return result.ToArray();
        }

        if (hasTarget && since is null)
        {
            foreach (var a in s.Assets)
            {
                if (assetMask != null && !assetMask[a.Index]) continue;
                if (s.RowByPair.TryGetValue(Keys.Pair(a.Index, target), out int slot) && Matches(s.Rows[slot])) result.Add(slot);
            }
            result.Sort();
            return result.ToArray();
        }

        if (assetMask != null && since is null)
        {
            // Per-asset listing: read the matching groups instead of every row.
            _assetGroups.Refresh(s);
            int[] start = _assetGroups.Start, grouped = _assetGroups.Slots;
            for (int a = 0; a < s.Assets.Count; a++)
            {
                if (!assetMask[a]) continue;
                for (int i = start[a]; i < start[a + 1]; i++)
                {
                    int slot = grouped[i];
                    if (Matches(s.Rows[slot])) result.Add(slot);
                }
            }
            return result.ToArray();
        }

        for (int slot = 0; slot < s.Slots; slot++)
        {
            var row = s.Rows[slot];
            if (since != null && row.Version <= since.Value) continue;
            if (Matches(row)) result.Add(slot);
        }
        return result.ToArray();
    }

    private int[] FindUserRecords(string? clientUserId, long? since, bool activeOnly, bool retiredOnly)
    {
        var s = _state;
        int cid = -1;
        if (clientUserId != null && !s.Cids.TryGet(clientUserId, out cid)) return Array.Empty<int>();
        if (activeOnly && retiredOnly) return Array.Empty<int>();

        bool Matches(int index)
        {
            var r = s.Users[index];
            if (cid >= 0 && r.Cid != cid) return false;
            if (activeOnly && !r.IsActive) return false;
            if (retiredOnly && r.IsActive) return false;
            return true;
        }

        var result = new List<int>();
        var log = s.UserChanges;
        if (since != null && log.Covers(since.Value))
        {
            for (int i = log.FirstAfter(since.Value); i < log.Count; i++)
            {
                var change = log[i];
                int index = (int)change.Key;
                if (s.Users[index].Version == change.Version && Matches(index)) result.Add(index);
            }
            return result.ToArray();
        }
        for (int i = 0; i < s.Users.Count; i++)
        {
            if (since != null && s.Users[i].Version <= since.Value) continue;
            if (Matches(i)) result.Add(i);
        }
        return result.ToArray();
    }
}
