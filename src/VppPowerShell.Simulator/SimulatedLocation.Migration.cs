using System;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator;

// What a legacy account's move (SimulatedLegacyAccount.MoveToLocation, API §14.3) does to a location.
// Callers hold Gate and finish with EndImport.
public sealed partial class SimulatedLocation
{
    private volatile bool _usedViaV2;

    internal AppleSimulator Simulator => _simulator;

    /// <summary>A v2 call authenticated with this location's token (v1 clientContext then reads "token being used in v2").</summary>
    internal bool UsedViaV2 => _usedViaV2;

    internal void MarkUsedViaV2() => _usedViaV2 = true;

    /// <summary>Never used: no pool, no user, no assignment ("a unique, previously unused location").</summary>
    internal bool IsUnusedLocked => _assets.Count == 0 && _users.Count == 0 && _live == 0;

    /// <summary>Adds <paramref name="count"/> licenses to a pool, creating it when needed.</summary>
    internal void ImportPool(string adamId, string pricingParam, string productType, int count, bool deviceAssignable, bool revocable, string[] platforms)
    {
        if (TryFindAsset(adamId, pricingParam, out var asset))
        {
            if (count == 0) return;
            asset.Total += count;
            _dirtyAssets = true;
            return;
        }
        AddAssetCore(adamId, pricingParam, productType, count, deviceAssignable, revocable, platforms);
    }

    /// <summary>Adds a user record as it was in the legacy account (retired history included).</summary>
    internal void ImportUser(string clientUserId, string? email, string? managedAppleId, UserStatus status, string? idHash)
    {
        int cid = _cids.GetOrAdd(clientUserId);
        var record = new UserRecord
        {
            Cid = cid,
            Email = email,
            ManagedAppleId = managedAppleId,
            Status = status,
            IdHash = idHash,
            HadAppleAccount = idHash != null,
        };
        bool active = record.IsActive;
        if (active && _activeByCid.ContainsKey(cid))
            throw new InvalidOperationException($"clientUserId '{clientUserId}' already has an active record in location '{LocationName}'.");
        int index = _users.Count;
        _users.Add(record);
        if (active) _activeByCid[cid] = index;
        _latestByCid[cid] = index;
        TouchUser(index);
    }

    /// <summary>Adds one assignment of an imported pool; an existing pair is left as it is.</summary>
    internal void ImportAssignment(string adamId, string pricingParam, string? clientUserId, string? serialNumber)
    {
        if (!TryFindAsset(adamId, pricingParam, out var asset)) throw new InvalidOperationException($"Pool {adamId} ({pricingParam}) was not imported.");
        int target = clientUserId != null ? _cids.GetOrAdd(clientUserId) : ~_serials.GetOrAdd(serialNumber!);
        if (HasRow(asset, target)) return;
        if (asset.Available <= 0) asset.Total++;
        AddRow(asset, target);
    }

    internal void EndImport() => EndWrite();
}
