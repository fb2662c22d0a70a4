using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator;

/// <summary>
/// One Apps and Books location (what a content token authorises): its assets, users,
/// assignments, events, mdmInfo and token. Control members change the state directly, as
/// Apple-side changes or test setup would, and bump version ids like a real write.
/// Every member is thread-safe.
/// </summary>
public sealed partial class SimulatedLocation
{
    private readonly AppleSimulator _simulator;
    private SimToken _token;
    private SimMdmInfo? _mdmInfo;
    private string? _notificationUrl;
    private string? _notificationAuthToken;
    private string[] _notificationTypes = Array.Empty<string>();
    private volatile bool _readOnly;

    internal SimulatedLocation(AppleSimulator simulator, string uId, string locationName, string organizationName, string countryCode, bool education, DateTimeOffset tokenExpiresOn)
    {
        _simulator = simulator;
        UId = uId;
        LocationName = locationName;
        OrganizationName = organizationName;
        CountryCode = countryCode.ToUpperInvariant();
        Education = education;
        ulong numeric = ulong.Parse(uId, CultureInfo.InvariantCulture);
        _versionTag = (numeric & 0xFFFFFFFFFFFFUL).ToString("x12", CultureInfo.InvariantCulture);
        _hashSeed = Mix(numeric);
        _token = new SimToken(this, organizationName, tokenExpiresOn);
        _liveIndex.Build(IsLiveSlot, 0, 1024);
    }

    /// <summary>Library id of the location (the <c>uId</c> of every response).</summary>
    public string UId { get; }

    public string LocationName { get; }

    public string OrganizationName { get; }

    /// <summary>Store country (<c>countryISO2ACode</c>), upper case.</summary>
    public string CountryCode { get; }

    /// <summary>Apple School Manager location (volumestore) rather than Apple Business Manager (enterprisestore).</summary>
    public bool Education { get; }

    public string DefaultPlatform => Education ? "volumestore" : "enterprisestore";

    public string WebsiteUrl => Education ? "https://school.apple.com" : "https://business.apple.com";

    /// <summary>The current .vpptoken file content: one base64 line of {"token","expDate","orgName"} (API §2.1).</summary>
    public string TokenFileContent => _token.Content;

    /// <summary>When the current token expires (moved by <see cref="ExpireTokenNow"/> and the expiry fault).</summary>
    public DateTimeOffset TokenExpiresOn => _token.ExpiresOn;

    public bool TokenRevoked => _token.Revoked;

    internal SimToken CurrentToken => _token;

    /// <summary>Writes <see cref="TokenFileContent"/> (no trailing newline) and returns <paramref name="path"/>.</summary>
    public string WriteTokenFile(string path)
    {
        File.WriteAllText(path, TokenFileContent, new UTF8Encoding(false));
        return path;
    }

    /// <summary>The token expires now: requests with it get 9621.</summary>
    public void ExpireTokenNow() => _token.ExpiresOn = DateTimeOffset.UtcNow.AddSeconds(-1);

    /// <summary>The token is revoked: requests with it get 9625.</summary>
    public void RevokeToken() => _token.Revoked = true;

    /// <summary>
    /// Issues a new token for this location (the admin downloaded a new one, R-T2) and returns its
    /// file content. The previous token is revoked unless <paramref name="revokePrevious"/> is false,
    /// in which case both work (two token files for one location: "duplicate").
    /// </summary>
    public string RenewToken(DateTimeOffset? expiresOn = null, bool revokePrevious = true)
    {
        var previous = _token;
        var next = new SimToken(this, OrganizationName, expiresOn ?? DateTimeOffset.UtcNow.AddYears(1));
        _simulator.RegisterToken(next);
        _token = next;
        if (revokePrevious) previous.Revoked = true;
        return next.Content;
    }

    /// <summary>A read-only token (a read-only content manager's): writes get 9637 (API §2.4).</summary>
    public bool ReadOnly
    {
        get => _readOnly;
        set => _readOnly = value;
    }

    public SimMdmInfo? MdmInfo
    {
        get { lock (Gate) return _mdmInfo; }
    }

    public string? NotificationUrl
    {
        get { lock (Gate) return _notificationUrl; }
    }

    public string? NotificationAuthToken
    {
        get { lock (Gate) return _notificationAuthToken; }
    }

    /// <summary>Sets the webhook as if an MDM had posted it to client/config: Apple echoes the secret back in every client/config answer (API §5.2).</summary>
    public void SetNotifications(string url, string authToken) => ApplyClientConfig(null, true, url, authToken, null);

    public IReadOnlyList<string> SubscribedNotificationTypes
    {
        get { lock (Gate) return _notificationTypes.ToArray(); }
    }

    /// <summary>Another MDM claims the location: its mdmInfo and webhook replace the current ones (API §12).</summary>
    public void ClaimByOtherMdm(string id, string name, string metadata)
    {
        if (id is null) throw new ArgumentNullException(nameof(id));
        if (name is null) throw new ArgumentNullException(nameof(name));
        if (metadata is null) throw new ArgumentNullException(nameof(metadata));
        lock (Gate)
        {
            _mdmInfo = new SimMdmInfo(id, name, metadata);
            _notificationUrl = "https://other-mdm.example/apple/vpp/notify";
            _notificationAuthToken = "other-mdm-secret";
        }
    }

    // ---- assets ----------------------------------------------------------------------

    /// <summary>
    /// Adds a license pool. <paramref name="name"/> is the asset's name in this location's
    /// country store (a default name is used when null and the store has none yet).
    /// </summary>
    public SimAsset AddAsset(string adamId, int totalCount, string productType = "App", string pricingParam = "STDQ", bool deviceAssignable = true, bool revocable = true, IEnumerable<string>? supportedPlatforms = null, string? name = null)
    {
        if (string.IsNullOrEmpty(adamId)) throw new ArgumentException("An adamId is required.", nameof(adamId));
        if (totalCount < 0) throw new ArgumentOutOfRangeException(nameof(totalCount));
        string[] platforms = supportedPlatforms?.ToArray()
            ?? (string.Equals(productType, "Book", StringComparison.OrdinalIgnoreCase) ? new[] { "iOS", "macOS" } : new[] { "iOS" });
        SimAsset snapshot;
        lock (Gate)
        {
            if (TryFindAsset(adamId, pricingParam, out _))
                throw new InvalidOperationException($"Asset {adamId} ({pricingParam}) already exists in location '{LocationName}'.");
            var asset = AddAssetCore(adamId, pricingParam, productType, totalCount, deviceAssignable, revocable, platforms);
            EndWrite();
            snapshot = asset.ToSnapshot();
        }
        _simulator.Catalog.Ensure(adamId, productType, platforms);
        if (name != null || !_simulator.Catalog.HasName(adamId, CountryCode))
            _simulator.Catalog.SetName(adamId, CountryCode, name ?? DefaultName(adamId, productType));
        return snapshot;
    }

    /// <summary>Sets the asset's name in a country store; null removes it from that store (R-T5).</summary>
    public void SetAssetName(string adamId, string countryCode, string? name) => _simulator.Catalog.SetName(adamId, countryCode, name);

    /// <summary>Changes the owned count (purchase, transfer, refund). Cannot go below the assigned count.</summary>
    public void SetTotalCount(string adamId, int totalCount, string pricingParam = "STDQ")
    {
        lock (Gate)
        {
            var asset = RequireAsset(adamId, pricingParam);
            if (totalCount < asset.Assigned)
                throw new InvalidOperationException($"Asset {adamId} has {asset.Assigned} assigned licenses; the total cannot be {totalCount}.");
            if (asset.Total == totalCount) return;
            asset.Total = totalCount;
            _dirtyAssets = true;
            EndWrite();
        }
    }

    public IReadOnlyList<SimAsset> Assets
    {
        get { lock (Gate) return _assets.Select(a => a.ToSnapshot()).ToArray(); }
    }

    public SimAsset? FindAsset(string adamId, string pricingParam = "STDQ")
    {
        lock (Gate) return TryFindAsset(adamId, pricingParam, out var a) ? a.ToSnapshot() : null;
    }

    // ---- users -----------------------------------------------------------------------

    /// <summary>
    /// Creates a user: Registered with an inviteCode, or Associated with an idHash when a
    /// managed Apple ID is given. Throws when the clientUserId already has an active record.
    /// </summary>
    public SimUser AddUser(string clientUserId, string? email = null, string? managedAppleId = null)
    {
        if (string.IsNullOrEmpty(clientUserId)) throw new ArgumentException("A clientUserId is required.", nameof(clientUserId));
        lock (Gate)
        {
            int cid = _cids.GetOrAdd(clientUserId);
            AddUserRecord(cid, email, managedAppleId);
            EndWrite();
            return UserSnapshot(_users.Count - 1);
        }
    }

    /// <summary>Retires the active record, releasing the user's revocable licenses. Throws when there is none.</summary>
    public void RetireUser(string clientUserId)
    {
        lock (Gate)
        {
            if (!_cids.TryGet(clientUserId, out int cid) || !IsActiveCid(cid))
                throw new InvalidOperationException($"No active user '{clientUserId}' in location '{LocationName}'.");
            RetireCid(cid);
            EndWrite();
        }
    }

    /// <summary>The user accepts the invitation with an Apple Account: Registered → Associated, an idHash appears.</summary>
    public SimUser AcceptInvitation(string clientUserId, string? appleAccount = null)
    {
        lock (Gate)
        {
            if (!_cids.TryGet(clientUserId, out int cid) || !_activeByCid.TryGetValue(cid, out int index))
                throw new InvalidOperationException($"No active user '{clientUserId}' in location '{LocationName}'.");
            if (_users[index].Status != UserStatus.Associated)
            {
                AssociateRecord(index, appleAccount);
                EndWrite();
            }
            return UserSnapshot(index);
        }
    }

    /// <summary>Every user record, retired history included, in creation order.</summary>
    public IReadOnlyList<SimUser> Users
    {
        get
        {
            lock (Gate)
            {
                var list = new SimUser[_users.Count];
                for (int i = 0; i < list.Length; i++) list[i] = UserSnapshot(i);
                return list;
            }
        }
    }

    public int UserRecordCount
    {
        get { lock (Gate) return _users.Count; }
    }

    // ---- assignments -----------------------------------------------------------------

    /// <summary>
    /// Assigns a license directly (no event). Give exactly one of <paramref name="clientUserId"/> /
    /// <paramref name="serialNumber"/>. Already assigned: no change. Throws when no license is
    /// available, the user is not active, or the asset is not device-assignable.
    /// </summary>
    public void Assign(string adamId, string? clientUserId = null, string? serialNumber = null, string pricingParam = "STDQ")
    {
        RequireOneTarget(clientUserId, serialNumber);
        lock (Gate)
        {
            var asset = RequireAsset(adamId, pricingParam);
            int target;
            if (clientUserId != null)
            {
                if (!_cids.TryGet(clientUserId, out target) || !IsActiveCid(target))
                    throw new InvalidOperationException($"No active user '{clientUserId}' in location '{LocationName}'.");
            }
            else
            {
                if (!asset.DeviceAssignable) throw new InvalidOperationException($"Asset {adamId} is not device-assignable.");
                target = ~_serials.GetOrAdd(serialNumber!);
            }
            if (HasRow(asset, target)) return;
            if (asset.Available <= 0) throw new InvalidOperationException($"Asset {adamId} ({pricingParam}) has no available license.");
            AddRow(asset, target);
            EndWrite();
        }
    }

    /// <summary>Removes an assignment directly (no event); a missing one is a no-op.</summary>
    public void Unassign(string adamId, string? clientUserId = null, string? serialNumber = null, string pricingParam = "STDQ")
    {
        RequireOneTarget(clientUserId, serialNumber);
        lock (Gate)
        {
            var asset = RequireAsset(adamId, pricingParam);
            int target;
            if (clientUserId != null)
            {
                if (!_cids.TryGet(clientUserId, out target)) return;
            }
            else
            {
                if (!_serials.TryGet(serialNumber!, out int sid)) return;
                target = ~sid;
            }
            if (RemoveRow(asset, target)) EndWrite();
        }
    }

    /// <summary>Every assignment, in listing order. For big locations prefer <see cref="AssignmentCount"/>.</summary>
    public IReadOnlyList<SimAssignment> Assignments
    {
        get
        {
            lock (Gate)
            {
                var list = new List<SimAssignment>(_live);
                for (int slot = 0; slot < _slots; slot++)
                {
                    var row = _rows[slot];
                    if (row.Asset < 0) continue;
                    var asset = _assets[row.Asset];
                    list.Add(row.Target >= 0
                        ? new SimAssignment(asset.AdamId, asset.PricingParam, _cids[row.Target], null)
                        : new SimAssignment(asset.AdamId, asset.PricingParam, null, _serials[~row.Target]));
                }
                return list;
            }
        }
    }

    public int AssignmentCount
    {
        get { lock (Gate) return _live; }
    }

    public bool HasAssignment(string adamId, string? clientUserId = null, string? serialNumber = null, string pricingParam = "STDQ")
    {
        RequireOneTarget(clientUserId, serialNumber);
        lock (Gate)
        {
            if (!TryFindAsset(adamId, pricingParam, out var asset)) return false;
            if (clientUserId != null) return _cids.TryGet(clientUserId, out int cid) && HasRow(asset, cid);
            return _serials.TryGet(serialNumber!, out int sid) && HasRow(asset, ~sid);
        }
    }

    // ---- versions --------------------------------------------------------------------

    public string AssetsVersionId
    {
        get { lock (Gate) return VersionId(SetAssets, _assetsVersion); }
    }

    public string AssignmentsVersionId
    {
        get { lock (Gate) return VersionId(SetAssignments, _assignVersion); }
    }

    public string UsersVersionId
    {
        get { lock (Gate) return VersionId(SetUsers, _usersVersion); }
    }

    /// <summary>Events created so far (write requests accepted).</summary>
    public int EventCount
    {
        get { lock (Gate) return _events.Count; }
    }

    // ---- bulk ------------------------------------------------------------------------

    /// <summary>
    /// Fills an empty location fast: <paramref name="assets"/> apps (adamIds 1000000001…, all
    /// device-assignable and revocable), <paramref name="users"/> users u000000… (every third one
    /// Associated), serial numbers SN0000000000…, and <paramref name="assignments"/> assignments
    /// spread over the assets — about half to users, half to devices (all to devices when
    /// <paramref name="users"/> is 0). Every asset gets 10% spare licenses (at least 10).
    /// </summary>
    public void Seed(int assets, int assignments, int users, int seed = 1)
    {
        if (assets < 0) throw new ArgumentOutOfRangeException(nameof(assets));
        if (assignments < 0) throw new ArgumentOutOfRangeException(nameof(assignments));
        if (users < 0) throw new ArgumentOutOfRangeException(nameof(users));
        if (assignments > 0 && assets == 0) throw new ArgumentException("Assignments need at least one asset.", nameof(assets));

        long userAssignments = users > 0 ? assignments / 2 : 0;
        if (userAssignments > (long)users * assets) userAssignments = (long)users * assets;
        int deviceAssignments = assignments - (int)userAssignments;
        int serialCount = deviceAssignments == 0 ? 0 : Math.Max(CeilDiv(deviceAssignments, assets), CeilDiv(deviceAssignments, 3));

        var random = new Random(seed);
        int offset = random.Next(Math.Max(1, assets));
        var names = new List<KeyValuePair<string, string>>(assets);

        lock (Gate)
        {
            if (_assets.Count > 0 || _users.Count > 0 || _slots > 0)
                throw new InvalidOperationException("Seed needs an empty location.");

            for (int i = 0; i < assets; i++)
            {
                string adamId = (1000000001L + i).ToString(CultureInfo.InvariantCulture);
                string[] platforms = random.Next(4) == 0 ? new[] { "iOS", "macOS" } : new[] { "iOS" };
                AddAssetCore(adamId, "STDQ", "App", 0, true, true, platforms);
                names.Add(new KeyValuePair<string, string>(adamId, "Seeded App " + adamId));
            }

            _cids.Reserve(users);
            for (int i = 0; i < users; i++)
            {
                int cid = _cids.GetOrAdd("u" + i.ToString("D6", CultureInfo.InvariantCulture));
                var record = new UserRecord { Cid = cid, Version = NextUsersVersion };
                if (i % 3 == 0)
                {
                    record.Status = UserStatus.Associated;
                    record.HadAppleAccount = true;
                }
                _activeByCid[cid] = _users.Count;
                _latestByCid[cid] = _users.Count;
                _users.Add(record);
            }
            if (users > 0) _dirtyUsers = true;

            _serials.Reserve(serialCount);
            for (int i = 0; i < serialCount; i++) _serials.GetOrAdd("SN" + i.ToString("D10", CultureInfo.InvariantCulture));

            int total = (int)userAssignments + deviceAssignments;
            if (_rows.Length < total) _rows = new AssignmentRow[total];
            _rowByPair = new Dictionary<long, int>(total);
            long version = NextAssignVersion;
            int slot = 0;
            for (long j = 0; j < userAssignments; j++)
            {
                int user = (int)(j % users);
                int k = (int)(j / users);
                int asset = (user + k + offset) % assets;
                _rows[slot] = new AssignmentRow { Asset = asset, Target = user, Version = version };
                _rowByPair.Add(PairKey(asset, user), slot);
                _assets[asset].Assigned++;
                slot++;
            }
            for (int j = 0; j < deviceAssignments; j++)
            {
                int serial = j % serialCount;
                int k = j / serialCount;
                int asset = (int)(((long)serial * 7 + k + offset) % assets);
                _rows[slot] = new AssignmentRow { Asset = asset, Target = ~serial, Version = version };
                _rowByPair.Add(PairKey(asset, ~serial), slot);
                _assets[asset].Assigned++;
                slot++;
            }
            _slots = slot;
            _live = slot;
            _dead = 0;
            _liveIndex.Build(IsLiveSlot, _slots, _slots + _slots / 4);
            foreach (var a in _assets) a.Total = a.Assigned + Math.Max(10, a.Assigned / 10);
            if (slot > 0) _dirtyAssign = true;

            // Seeded rows and users are not in the change logs: a delta from an older version scans.
            _assignLogFloor = version;
            _usersLogFloor = NextUsersVersion;
            EndWrite();
        }

        foreach (var pair in names)
        {
            _simulator.Catalog.Ensure(pair.Key, "App", new[] { "iOS" });
            if (!_simulator.Catalog.HasName(pair.Key, CountryCode)) _simulator.Catalog.SetName(pair.Key, CountryCode, pair.Value);
        }
    }

    /// <summary>
    /// Applies <paramref name="count"/> random changes, each its own write (own versions), as
    /// Apple-side activity would: assign, unassign, user create, user retire, count change.
    /// Deterministic for a given state and <paramref name="seed"/>.
    /// </summary>
    public void ApplyRandomChanges(int count, int seed)
    {
        var random = new Random(seed);
        lock (Gate)
        {
            if (_assets.Count == 0) throw new InvalidOperationException("Random changes need at least one asset.");
            for (int i = 0; i < count; i++)
            {
                int roll = random.Next(100);
                if (roll < 40 && RandomAssign(random)) { }
                else if (roll < 70 && RandomUnassign(random)) { }
                else if (roll < 80) RandomCreateUser(random, seed, i);
                else if (roll < 90 && RandomRetire(random)) { }
                else RandomCountChange(random);
                EndWrite();
            }
        }
    }

    private bool RandomAssign(Random random)
    {
        var asset = _assets[random.Next(_assets.Count)];
        if (asset.Available <= 0)
        {
            asset.Total += 1 + random.Next(5);
            _dirtyAssets = true;
        }
        for (int attempt = 0; attempt < 8; attempt++)
        {
            int target;
            if ((!asset.DeviceAssignable || random.Next(2) == 0) && _activeByCid.Count > 0 && _users.Count > 0)
            {
                var record = _users[random.Next(_users.Count)];
                if (!record.IsActive) continue;
                target = record.Cid;
            }
            else if (asset.DeviceAssignable)
            {
                int sid = _serials.Count == 0 || random.Next(10) == 0
                    ? _serials.GetOrAdd("SR" + _serials.Count.ToString("D10", CultureInfo.InvariantCulture))
                    : random.Next(_serials.Count);
                target = ~sid;
            }
            else
            {
                return false;
            }
            if (HasRow(asset, target)) continue;
            AddRow(asset, target);
            return true;
        }
        return false;
    }

    private bool RandomUnassign(Random random)
    {
        if (_live == 0) return false;
        int slot = _liveIndex.FindKth(random.Next(_live));
        if (!_assets[_rows[slot].Asset].Revocable) return false;
        RemoveSlot(slot);
        return true;
    }

    private void RandomCreateUser(Random random, int seed, int i)
    {
        string id = "r" + ((uint)seed).ToString("x", CultureInfo.InvariantCulture) + "-" + i.ToString(CultureInfo.InvariantCulture) + "-" + random.Next(1000000).ToString(CultureInfo.InvariantCulture);
        int cid = _cids.GetOrAdd(id);
        if (IsActiveCid(cid)) return;
        AddUserRecord(cid, id + "@example.com", null);
    }

    private bool RandomRetire(Random random)
    {
        if (_activeByCid.Count == 0) return false;
        for (int attempt = 0; attempt < 8; attempt++)
        {
            var record = _users[random.Next(_users.Count)];
            if (!record.IsActive) continue;
            RetireCid(record.Cid);
            return true;
        }
        return false;
    }

    private void RandomCountChange(Random random)
    {
        var asset = _assets[random.Next(_assets.Count)];
        int delta = 1 + random.Next(5);
        int next = random.Next(2) == 0 ? asset.Total + delta : Math.Max(asset.Assigned, asset.Total - delta);
        if (next == asset.Total) return;
        asset.Total = next;
        _dirtyAssets = true;
    }

    // ---- helpers ---------------------------------------------------------------------

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;

    private static string DefaultName(string adamId, string productType) =>
        (string.Equals(productType, "Book", StringComparison.OrdinalIgnoreCase) ? "Simulated Book " : "Simulated App ") + adamId;

    private static void RequireOneTarget(string? clientUserId, string? serialNumber)
    {
        if ((clientUserId is null) == (serialNumber is null))
            throw new ArgumentException("Give exactly one of clientUserId and serialNumber.");
    }

    public override string ToString() => $"{LocationName} ({UId})";
}
