using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator;

// State of one location and the primitive changes every write is made of. Callers hold Gate.
public sealed partial class SimulatedLocation
{
    private const int SetAssets = 1;
    private const int SetAssignments = 2;
    private const int SetUsers = 3;

    internal readonly object Gate = new object();

    private readonly List<AssetState> _assets = new List<AssetState>();
    private readonly Dictionary<string, int> _assetByKey = new Dictionary<string, int>(StringComparer.Ordinal);

    private readonly IdTable _cids = new IdTable();
    private readonly IdTable _serials = new IdTable();

    private AssignmentRow[] _rows = new AssignmentRow[1024];
    private int _slots;
    private int _live;
    private int _dead;
    private Dictionary<long, int> _rowByPair = new Dictionary<long, int>();
    private readonly LiveIndex _liveIndex = new LiveIndex();
    private List<Change> _assignLog = new List<Change>();
    private long _assignLogFloor;

    private readonly List<UserRecord> _users = new List<UserRecord>();
    private readonly Dictionary<int, int> _activeByCid = new Dictionary<int, int>();
    private readonly Dictionary<int, int> _latestByCid = new Dictionary<int, int>();
    private readonly List<Change> _usersLog = new List<Change>();
    private long _usersLogFloor;

    private long _assetsVersion = 1;
    private long _assignVersion = 1;
    private long _usersVersion = 1;
    private bool _dirtyAssets;
    private bool _dirtyAssign;
    private bool _dirtyUsers;

    private readonly Dictionary<string, EventState> _events = new Dictionary<string, EventState>(StringComparer.OrdinalIgnoreCase);

    // Slots grouped by asset (counting sort), rebuilt lazily once per assignments version.
    private int[]? _assetGroupStart;
    private int[]? _assetGroupSlots;
    private long _assetGroupVersion = -1;

    private readonly Dictionary<string, int[]> _queryCache = new Dictionary<string, int[]>(StringComparer.Ordinal);
    private long _queryCacheAssignVersion = -1;
    private long _queryCacheUsersVersion = -1;

    private readonly string _versionTag;
    private readonly ulong _hashSeed;

    private static long PairKey(int asset, int target) => ((long)asset << 32) | (uint)target;

    private static int AssetOfKey(long key) => (int)(key >> 32);

    private static int TargetOfKey(long key) => unchecked((int)(uint)key);

    private long NextAssignVersion => _assignVersion + 1;

    private long NextUsersVersion => _usersVersion + 1;

    private bool IsActiveCid(int cid) => _activeByCid.ContainsKey(cid);

    private string TargetName(int target) => target >= 0 ? _cids[target] : _serials[~target];

    private bool TryFindAsset(string adamId, string pricingParam, out AssetState asset)
    {
        if (_assetByKey.TryGetValue(adamId + "\n" + pricingParam, out int index))
        {
            asset = _assets[index];
            return true;
        }
        asset = null!;
        return false;
    }

    private AssetState RequireAsset(string adamId, string pricingParam)
    {
        if (!TryFindAsset(adamId, pricingParam, out var asset))
            throw new ArgumentException($"Location '{LocationName}' has no asset {adamId} ({pricingParam}).", nameof(adamId));
        return asset;
    }

    private AssetState AddAssetCore(string adamId, string pricingParam, string productType, int total, bool deviceAssignable, bool revocable, string[] platforms)
    {
        var asset = new AssetState(_assets.Count, adamId, pricingParam, productType, total, deviceAssignable, revocable, platforms);
        _assets.Add(asset);
        _assetByKey.Add(adamId + "\n" + pricingParam, asset.Index);
        _dirtyAssets = true;
        return asset;
    }

    private bool HasRow(AssetState asset, int target) => _rowByPair.ContainsKey(PairKey(asset.Index, target));

    private void AddRow(AssetState asset, int target)
    {
        if (_slots == _rows.Length) Array.Resize(ref _rows, _rows.Length * 2);
        int slot = _slots++;
        long key = PairKey(asset.Index, target);
        _rows[slot] = new AssignmentRow { Asset = asset.Index, Target = target, Version = NextAssignVersion };
        _rowByPair.Add(key, slot);
        if (_liveIndex.Fits(slot)) _liveIndex.Add(slot, 1);
        else _liveIndex.Build(IsLiveSlot, _slots, _slots * 2);
        _live++;
        _assignLog.Add(new Change(NextAssignVersion, key));
        asset.Assigned++;
        if (target >= 0 && !IsActiveCid(target)) asset.Retired++;
        _dirtyAssign = true;
        _dirtyAssets = true;
    }

    private bool RemoveRow(AssetState asset, int target)
    {
        if (!_rowByPair.TryGetValue(PairKey(asset.Index, target), out int slot)) return false;
        RemoveSlot(slot);
        return true;
    }

    private void RemoveSlot(int slot)
    {
        var row = _rows[slot];
        var asset = _assets[row.Asset];
        _rowByPair.Remove(PairKey(row.Asset, row.Target));
        _rows[slot].Asset = -1;
        _liveIndex.Add(slot, -1);
        _live--;
        _dead++;
        asset.Assigned--;
        if (row.Target >= 0 && !IsActiveCid(row.Target)) asset.Retired--;
        _dirtyAssign = true;
        _dirtyAssets = true;
    }

    private bool IsLiveSlot(int slot) => _rows[slot].Asset >= 0;

    /// <summary>Commits one write: every data set it touched gets a new version.</summary>
    private void EndWrite()
    {
        if (_dirtyAssign)
        {
            _assignVersion++;
            if (_dead > 4096 && _dead > _live) Compact();
        }
        if (_dirtyAssets) _assetsVersion++;
        if (_dirtyUsers) _usersVersion++;
        _dirtyAssign = _dirtyAssets = _dirtyUsers = false;
    }

    /// <summary>Drops removed slots, keeping the order of the live rows.</summary>
    private void Compact()
    {
        int write = 0;
        var byPair = new Dictionary<long, int>(_live);
        for (int read = 0; read < _slots; read++)
        {
            if (_rows[read].Asset < 0) continue;
            _rows[write] = _rows[read];
            byPair.Add(PairKey(_rows[write].Asset, _rows[write].Target), write);
            write++;
        }
        _slots = write;
        _dead = 0;
        _rowByPair = byPair;
        _liveIndex.Build(IsLiveSlot, _slots, _slots * 2);
    }

    private UserRecord AddUserRecord(int cid, string? email, string? managedAppleId)
    {
        var record = new UserRecord { Cid = cid, Email = email, ManagedAppleId = managedAppleId };
        if (managedAppleId != null)
        {
            record.Status = UserStatus.Associated;
            record.IdHash = HashAppleAccount(managedAppleId);
            record.HadAppleAccount = true;
        }
        if (_activeByCid.ContainsKey(cid))
            throw new InvalidOperationException($"clientUserId '{_cids[cid]}' already has an active record.");
        int index = _users.Count;
        _users.Add(record);
        // Licenses still held by this clientUserId are no longer held by a retired user.
        foreach (var asset in _assets)
        {
            if (_rowByPair.ContainsKey(PairKey(asset.Index, cid)))
            {
                asset.Retired--;
                _dirtyAssets = true;
            }
        }
        _activeByCid[cid] = index;
        _latestByCid[cid] = index;
        TouchUser(index);
        return record;
    }

    private void TouchUser(int index)
    {
        _users[index].Version = NextUsersVersion;
        _usersLog.Add(new Change(NextUsersVersion, index));
        _dirtyUsers = true;
    }

    /// <summary>Retires the active record of a clientUserId, releasing its revocable licenses; returns licenses released.</summary>
    private int RetireCid(int cid)
    {
        int index = _activeByCid[cid];
        _activeByCid.Remove(cid);
        _users[index].Status = UserStatus.Retired;
        TouchUser(index);
        int released = 0;
        foreach (var asset in _assets)
        {
            if (!_rowByPair.TryGetValue(PairKey(asset.Index, cid), out int slot)) continue;
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
                _dirtyAssets = true;
            }
        }
        return released;
    }

    private void AssociateRecord(int index, string? appleAccount)
    {
        var record = _users[index];
        record.Status = UserStatus.Associated;
        record.HadAppleAccount = true;
        record.IdHash = HashAppleAccount(appleAccount ?? ("account-" + index.ToString(CultureInfo.InvariantCulture) + "@" + UId));
        TouchUser(index);
    }

    private EventState NewEvent(string type, int numRequested, int numCompleted, List<Failure> failures)
    {
        var ev = new EventState(Guid.NewGuid().ToString(), type, numRequested, numCompleted, failures, Math.Max(0, _simulator.Options.EventPollsBeforeCompletion));
        _events.Add(ev.Id, ev);
        return ev;
    }

    // ---- version ids -------------------------------------------------------------------

    private string VersionId(int set, long version) =>
        version.ToString("x8", CultureInfo.InvariantCulture) + "-" + set.ToString("x4", CultureInfo.InvariantCulture) + "-11f0-9e2b-" + _versionTag;

    private bool TryParseVersionId(string text, int set, long current, out long version)
    {
        version = 0;
        string[] parts = text.Split('-');
        if (parts.Length != 5 || parts[1] != set.ToString("x4", CultureInfo.InvariantCulture) || parts[2] != "11f0" || parts[3] != "9e2b" || parts[4] != _versionTag)
            return false;
        if (parts[0].Length == 0 || parts[0].Length > 15 || !long.TryParse(parts[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out version))
            return false;
        return version >= 1 && version <= current;
    }

    // ---- derived identifiers ------------------------------------------------------------

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>32 hex characters, stable per user record.</summary>
    private string InviteCode(int recordIndex)
    {
        ulong a = Mix(_hashSeed ^ (ulong)recordIndex);
        ulong b = Mix(a ^ 0x5DEECE66DUL);
        return a.ToString("x16", CultureInfo.InvariantCulture) + b.ToString("x16", CultureInfo.InvariantCulture);
    }

    private string IdHashOf(int recordIndex)
    {
        var record = _users[recordIndex];
        if (record.IdHash != null) return record.IdHash;
        byte[] bytes = new byte[20];
        ulong a = Mix(_hashSeed ^ ((ulong)recordIndex << 1) ^ 0xA5A5UL);
        ulong b = Mix(a);
        ulong c = Mix(b);
        BitConverter.GetBytes(a).CopyTo(bytes, 0);
        BitConverter.GetBytes(b).CopyTo(bytes, 8);
        Array.Copy(BitConverter.GetBytes(c), 0, bytes, 16, 4);
        return Convert.ToBase64String(bytes);
    }

    private static string HashAppleAccount(string account)
    {
        using var sha = SHA1.Create();
        return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(account.Trim().ToLowerInvariant())));
    }

    private static string StatusText(UserStatus status) => status switch
    {
        UserStatus.Registered => "Registered",
        UserStatus.Associated => "Associated",
        UserStatus.Retired => "Retired",
        _ => "Deleted",
    };

    private SimUser UserSnapshot(int index)
    {
        var r = _users[index];
        return new SimUser(
            _cids[r.Cid],
            r.Email,
            StatusText(r.Status),
            r.Status == UserStatus.Registered ? InviteCode(index) : null,
            r.Status == UserStatus.Associated || r.HadAppleAccount ? IdHashOf(index) : null,
            r.ManagedAppleId);
    }
}
