using System;
using System.Collections.Generic;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Simulator.Paging;

namespace VppPowerShell.Simulator.State;

/// <summary>
/// What one location holds (assets, users, assignments) and the primitive changes every write is
/// made of. Every write, whoever makes it, ends with <see cref="EndWrite"/>, which gives each data
/// set it touched a new version. Callers hold <see cref="Gate"/>.
/// </summary>
/// <remarks>
/// Assignments are an array of structs ("slots") in creation order; a removed one keeps its slot,
/// marked by <c>Asset = -1</c>, until <see cref="Compact"/>. A target is a clientUserId id (≥ 0)
/// or the complement of a serial number id (&lt; 0).
/// </remarks>
internal sealed class LocationState
{
    public readonly object Gate = new object();

    private readonly string _locationName;
    private readonly Dictionary<string, int> _assetByKey = new Dictionary<string, int>(StringComparer.Ordinal);

    public LocationState(string locationName, UserIdentifiers identifiers)
    {
        _locationName = locationName;
        Identifiers = identifiers;
        LiveIndex.Build(IsLiveSlot, 0, 1024);
    }

    public UserIdentifiers Identifiers { get; }

    public readonly List<AssetState> Assets = new List<AssetState>();

    public readonly IdTable Cids = new IdTable();
    public readonly IdTable Serials = new IdTable();

    public AssignmentRow[] Rows = new AssignmentRow[1024];
    /// <summary>Slots in use, live or removed.</summary>
    public int Slots;
    public int Live;
    public int Dead;
    public Dictionary<long, int> RowByPair = new Dictionary<long, int>();
    public readonly LiveIndex LiveIndex = new LiveIndex();

    public readonly List<LocationUserRecord> Users = new List<LocationUserRecord>();
    public readonly Dictionary<int, int> ActiveByCid = new Dictionary<int, int>();
    public readonly Dictionary<int, int> LatestByCid = new Dictionary<int, int>();

    public readonly DataSetVersion AssetsVersion = new DataSetVersion(1);
    public readonly DataSetVersion AssignmentsVersion = new DataSetVersion(2);
    public readonly DataSetVersion UsersVersion = new DataSetVersion(3);
    public readonly ChangeLog AssignmentChanges = new ChangeLog();
    public readonly ChangeLog UserChanges = new ChangeLog();

    /// <summary>Never used: no pool, no user, no assignment.</summary>
    public bool IsUnused => Assets.Count == 0 && Users.Count == 0 && Live == 0;

    public bool IsActiveCid(int cid) => ActiveByCid.ContainsKey(cid);

    public bool IsLiveSlot(int slot) => Rows[slot].Asset >= 0;

    // ---- assets ----------------------------------------------------------------------

    public bool TryFindAsset(string adamId, string pricingParam, out AssetState asset)
    {
        if (_assetByKey.TryGetValue(Keys.Asset(adamId, pricingParam), out int index))
        {
            asset = Assets[index];
            return true;
        }
        asset = null!;
        return false;
    }

    public AssetState RequireAsset(string adamId, string pricingParam)
    {
        if (!TryFindAsset(adamId, pricingParam, out var asset))
            throw new ArgumentException($"Location '{_locationName}' has no asset {adamId} ({pricingParam}).", nameof(adamId));
        return asset;
    }

    public AssetState AddAsset(string adamId, string pricingParam, string productType, int total, bool deviceAssignable, bool revocable, string[] platforms)
    {
        var asset = new AssetState(Assets.Count, adamId, pricingParam, productType, total, deviceAssignable, revocable, platforms);
        Assets.Add(asset);
        _assetByKey.Add(Keys.Asset(adamId, pricingParam), asset.Index);
        AssetsVersion.Changed = true;
        return asset;
    }

    public void SetTotal(AssetState asset, int total)
    {
        asset.Total = total;
        AssetsVersion.Changed = true;
    }

    // ---- assignments -----------------------------------------------------------------

    public bool HasRow(AssetState asset, int target) => RowByPair.ContainsKey(Keys.Pair(asset.Index, target));

    public void AddRow(AssetState asset, int target)
    {
        if (Slots == Rows.Length) Array.Resize(ref Rows, Rows.Length * 2);
        int slot = Slots++;
        long key = Keys.Pair(asset.Index, target);
        long version = AssignmentsVersion.Next;
        Rows[slot] = new AssignmentRow { Asset = asset.Index, Target = target, Version = version };
        RowByPair.Add(key, slot);
        if (LiveIndex.Fits(slot)) LiveIndex.Add(slot, 1);
        else LiveIndex.Build(IsLiveSlot, Slots, Slots * 2);
        Live++;
        AssignmentChanges.Add(version, key);
        asset.Assigned++;
        if (target >= 0 && !IsActiveCid(target)) asset.Retired++;
        AssignmentsVersion.Changed = true;
        AssetsVersion.Changed = true;
    }

    public bool RemoveRow(AssetState asset, int target)
    {
        if (!RowByPair.TryGetValue(Keys.Pair(asset.Index, target), out int slot)) return false;
        RemoveSlot(slot);
        return true;
    }

    public void RemoveSlot(int slot)
    {
        var row = Rows[slot];
        var asset = Assets[row.Asset];
        RowByPair.Remove(Keys.Pair(row.Asset, row.Target));
        Rows[slot].Asset = -1;
        LiveIndex.Add(slot, -1);
        Live--;
        Dead++;
        asset.Assigned--;
        if (row.Target >= 0 && !IsActiveCid(row.Target)) asset.Retired--;
        AssignmentsVersion.Changed = true;
        AssetsVersion.Changed = true;
    }

    /// <summary>Removes every revocable assignment of a target; returns how many.</summary>
    public int RevokeTarget(int target)
    {
        int removed = 0;
        foreach (var asset in Assets)
        {
            if (asset.Revocable && RemoveRow(asset, target)) removed++;
        }
        return removed;
    }

    /// <summary>Commits one write: every data set it touched gets a new version.</summary>
    public void EndWrite()
    {
        if (AssignmentsVersion.Commit() && Dead > 4096 && Dead > Live) Compact();
        AssetsVersion.Commit();
        UsersVersion.Commit();
    }

    /// <summary>Drops removed slots, keeping the order of the live rows.</summary>
    private void Compact()
    {
        int write = 0;
        var byPair = new Dictionary<long, int>(Live);
        for (int read = 0; read < Slots; read++)
        {
            if (Rows[read].Asset < 0) continue;
            Rows[write] = Rows[read];
            byPair.Add(Keys.Pair(Rows[write].Asset, Rows[write].Target), write);
            write++;
        }
        Slots = write;
        Dead = 0;
        RowByPair = byPair;
        LiveIndex.Build(IsLiveSlot, Slots, Slots * 2);
    }

    // ---- users -----------------------------------------------------------------------

    /// <summary>The active record of a clientUserId, else its latest one, else -1.</summary>
    public int LatestRecord(int cid)
    {
        if (ActiveByCid.TryGetValue(cid, out int active)) return active;
        return LatestByCid.TryGetValue(cid, out int latest) ? latest : -1;
    }

    public LocationUserRecord AddUserRecord(int cid, string? email, string? managedAppleId)
    {
        var record = new LocationUserRecord { Cid = cid, Email = email, ManagedAppleId = managedAppleId };
        if (managedAppleId != null) record.Associate(UserIdentifiers.HashAppleAccount(managedAppleId));
        if (ActiveByCid.ContainsKey(cid))
            throw new InvalidOperationException($"clientUserId '{Cids[cid]}' already has an active record.");
        int index = Users.Count;
        Users.Add(record);
        // Licenses still held by this clientUserId are no longer held by a retired user.
        foreach (var asset in Assets)
        {
            if (RowByPair.ContainsKey(Keys.Pair(asset.Index, cid)))
            {
                asset.Retired--;
                AssetsVersion.Changed = true;
            }
        }
        ActiveByCid[cid] = index;
        LatestByCid[cid] = index;
        TouchUser(index);
        return record;
    }

    /// <summary>A users/update: given members replace the stored ones; a managed Apple Account associates the record.</summary>
    public void UpdateUserRecord(int index, string? email, string? managedAppleId)
    {
        var record = Users[index];
        if (email != null) record.Email = email;
        if (managedAppleId != null)
        {
            record.ManagedAppleId = managedAppleId;
            record.Associate(UserIdentifiers.HashAppleAccount(managedAppleId));
        }
        TouchUser(index);
    }

    public void TouchUser(int index)
    {
        long version = UsersVersion.Next;
        Users[index].Version = version;
        UserChanges.Add(version, index);
        UsersVersion.Changed = true;
    }

    /// <summary>Retires the active record of a clientUserId, releasing its revocable licenses; returns licenses released.</summary>
    public int RetireCid(int cid)
    {
        int index = ActiveByCid[cid];
        ActiveByCid.Remove(cid);
        Users[index].Status = UserStatus.Retired;
        TouchUser(index);
        int released = 0;
        foreach (var asset in Assets)
        {
            if (!RowByPair.TryGetValue(Keys.Pair(asset.Index, cid), out int slot)) continue;
            if (asset.Revocable)
            {
                // The user is inactive now, so RemoveSlot would decrement Retired: count it first.
                asset.Retired++;
                RemoveSlot(slot);
                released++;
            }
            else
            {
                asset.Retired++;
                AssetsVersion.Changed = true;
            }
        }
        return released;
    }

    /// <summary>The user accepted the invitation: Registered → Associated, an idHash appears.</summary>
    public void AcceptInvitation(int index, string? appleAccount)
    {
        Users[index].Associate(Identifiers.AcceptedIdHash(index, appleAccount));
        TouchUser(index);
    }

    public bool TryFindInvitation(string inviteCode, out int index) =>
        Identifiers.TryFindInvitation(Users, ActiveByCid.Values, inviteCode, out index);

    public string? IdHashOf(int index) => Identifiers.ShownIdHash(Users[index], index);

    public SimUser UserSnapshot(int index)
    {
        var r = Users[index];
        return new SimUser(
            Cids[r.Cid],
            r.Email,
            r.Status.ToWireText(),
            r.Status == UserStatus.Registered ? Identifiers.InviteCode(index) : null,
            IdHashOf(index),
            r.ManagedAppleId);
    }

    public SimAssignment AssignmentSnapshot(AssignmentRow row)
    {
        var asset = Assets[row.Asset];
        return row.Target >= 0
            ? new SimAssignment(asset.AdamId, asset.PricingParam, Cids[row.Target], null)
            : new SimAssignment(asset.AdamId, asset.PricingParam, null, Serials[~row.Target]);
    }
}
