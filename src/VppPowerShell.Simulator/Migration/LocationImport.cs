using System;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Migration;

/// <summary>
/// What a legacy account's move (API §14.3) adds to a location. Callers hold the location's gate
/// and end with <see cref="LocationState.EndWrite"/>.
/// </summary>
internal static class LocationImport
{
    /// <summary>Adds <paramref name="count"/> licenses to a pool, creating it when needed.</summary>
    public static void Pool(LocationState s, string adamId, string pricingParam, string productType, int count, bool deviceAssignable, bool revocable, string[] platforms)
    {
        if (s.TryFindAsset(adamId, pricingParam, out var asset))
        {
            if (count == 0) return;
            s.SetTotal(asset, asset.Total + count);
            return;
        }
        s.AddAsset(adamId, pricingParam, productType, count, deviceAssignable, revocable, platforms);
    }

    /// <summary>Adds a user record as it was in the legacy account (retired history included).</summary>
    public static void User(LocationState s, string locationName, string clientUserId, string? email, string? managedAppleId, UserStatus status, string? idHash)
    {
        int cid = s.Cids.GetOrAdd(clientUserId);
        var record = new LocationUserRecord
        {
            Cid = cid,
            Email = email,
            ManagedAppleId = managedAppleId,
            Status = status,
            IdHash = idHash,
            HadAppleAccount = idHash != null,
        };
        bool active = record.IsActive;
        if (active && s.ActiveByCid.ContainsKey(cid))
            throw new InvalidOperationException($"clientUserId '{clientUserId}' already has an active record in location '{locationName}'.");
        int index = s.Users.Count;
        s.Users.Add(record);
        if (active) s.ActiveByCid[cid] = index;
        s.LatestByCid[cid] = index;
        s.TouchUser(index);
    }

    /// <summary>Adds one assignment of an imported pool; an existing pair is left as it is.</summary>
    public static void Assignment(LocationState s, string adamId, string pricingParam, string? clientUserId, string? serialNumber)
    {
        if (!s.TryFindAsset(adamId, pricingParam, out var asset)) throw new InvalidOperationException($"Pool {adamId} ({pricingParam}) was not imported.");
        int target = clientUserId != null ? s.Cids.GetOrAdd(clientUserId) : ~s.Serials.GetOrAdd(serialNumber!);
        if (s.HasRow(asset, target)) return;
        if (asset.Available <= 0) asset.Total++;
        s.AddRow(asset, target);
    }
}
