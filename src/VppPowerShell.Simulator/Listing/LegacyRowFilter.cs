using System;
using System.Collections.Generic;
using VppPowerShell.Simulator.Paging;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Listing;

/// <summary>
/// Which rows a v1 traversal lists (licenses or user records, in id order) and where its batches
/// start. Callers hold the account's gate.
/// </summary>
internal static class LegacyRowFilter
{
    /// <summary>
    /// The rows a traversal lists. In a delta (<paramref name="since"/> ≥ 0) the assignment filters
    /// (assignedOnly and the like) do not apply, so a license released since shows as Available.
    /// </summary>
    public static Func<int, bool> Matcher(LegacyAccountState s, byte kind, string filter, long since)
    {
        if (kind == LegacyBatchToken.Users)
        {
            var parts = LegacyBatchToken.SplitFilters(filter, 2);
            bool includeRetired = parts[0] != null, retiredOnly = parts[1] != null;
            return row =>
            {
                if (s.Emptied) return false;
                var r = s.Users[row];
                if (since >= 0 && r.Version <= since) return false;
                if (retiredOnly) return !r.IsActive;
                return includeRetired || r.IsActive;
            };
        }

        var p = LegacyBatchToken.SplitFilters(filter, 6);
        string? adamId = p[0], pricing = p[1], serialNumber = p[2];
        bool delta = since >= 0;
        bool assignedOnly = !delta && p[3] != null, userOnly = !delta && p[4] != null, deviceOnly = !delta && p[5] != null;
        int serial = -1;
        bool noSerial = serialNumber != null && !s.Serials.TryGet(serialNumber, out serial);
        bool[]? assetMask = null;
        if (adamId != null)
        {
            assetMask = new bool[s.Assets.Count];
            foreach (var a in s.Assets)
                assetMask[a.Index] = a.AdamId == adamId && (pricing is null || string.Equals(a.PricingParam, pricing, StringComparison.OrdinalIgnoreCase));
        }
        return row =>
        {
            if (noSerial) return false;
            var r = s.Licenses[row];
            if (r.Status == LicenseStatus.Moved) return false;
            if (delta && r.Modified <= since) return false;
            if (assetMask != null && (r.Asset >= assetMask.Length || !assetMask[r.Asset])) return false;
            bool associated = r.Status == LicenseStatus.Associated;
            if (serial >= 0 && !(associated && r.Serial == serial)) return false;
            if (assignedOnly && !associated) return false;
            if (userOnly && !(associated && r.User >= 0)) return false;
            if (deviceOnly && !(associated && r.Serial >= 0)) return false;
            return true;
        };
    }

    /// <summary>Row boundaries of every batch of <paramref name="batchSize"/> matching rows, fixed at a traversal's first call.</summary>
    public static int[] Bounds(int rows, Func<int, bool> match, int batchSize)
    {
        var bounds = new List<int> { 0 };
        int matched = 0;
        for (int row = 0; row < rows; row++)
        {
            if (!match(row)) continue;
            if (matched > 0 && matched % batchSize == 0) bounds.Add(row);
            matched++;
        }
        bounds.Add(rows);
        return bounds.ToArray();
    }

    public static int Count(int rows, Func<int, bool> match)
    {
        int n = 0;
        for (int row = 0; row < rows; row++)
        {
            if (match(row)) n++;
        }
        return n;
    }
}
