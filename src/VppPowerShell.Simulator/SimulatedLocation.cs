using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VppPowerShell.Simulator.Api;
using VppPowerShell.Simulator.Events;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Simulator.Paging;
using VppPowerShell.Simulator.Seeding;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator;

/// <summary>
/// One Apps and Books location (what a content token authorises): its assets, users,
/// assignments, events, mdmInfo and token. Control members change the state directly, as
/// Apple-side changes or test setup would, and bump version ids like a real write.
/// Every member is thread-safe.
/// </summary>
/// <remarks>
/// The state lives in <see cref="LocationState"/>; the v2 endpoints answer through
/// <see cref="LocationResponses"/> (reads) and <see cref="LocationWrites"/> (writes, as events).
/// </remarks>
public sealed class SimulatedLocation : IServedLocation
{
    private readonly AppleSimulator _simulator;
    private readonly LocationState _state;
    private readonly LocationClientConfig _config = new LocationClientConfig();
    private readonly EventLog _events = new EventLog();
    private readonly VersionIdFormat _versionIds;
    private readonly TokenIssuer<SimToken> _tokens;
    private readonly LocationResponses _responses;
    private readonly LocationWrites _writes;
    private volatile bool _readOnly;
    private volatile bool _usedViaV2;

    internal SimulatedLocation(AppleSimulator simulator, string uId, string locationName, string organizationName, string countryCode, bool education, DateTimeOffset tokenExpiresOn)
    {
        _simulator = simulator;
        UId = uId;
        LocationName = locationName;
        OrganizationName = organizationName;
        CountryCode = countryCode.ToUpperInvariant();
        Education = education;
        ulong numeric = ulong.Parse(uId, CultureInfo.InvariantCulture);
        _versionIds = new VersionIdFormat(numeric);
        _state = new LocationState(locationName, new UserIdentifiers(UserIdentifiers.Mix(numeric), uId));
        _tokens = new TokenIssuer<SimToken>(expiresOn => new SimToken(this, organizationName, expiresOn), simulator.RegisterToken, tokenExpiresOn);
        _responses = new LocationResponses(this, _state, _config, _events, simulator.Options, _versionIds);
        _writes = new LocationWrites(_state, _events, simulator.Options);
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

    internal AppleSimulator Simulator => _simulator;

    internal LocationState State => _state;

    LocationResponses IServedLocation.Responses => _responses;

    LocationWrites IServedLocation.Writes => _writes;

    // ---- token -----------------------------------------------------------------------

    /// <summary>The current .vpptoken file content: one base64 line of {"token","expDate","orgName"} (API §2.1).</summary>
    public string TokenFileContent => _tokens.Current.Content;

    /// <summary>When the current token expires (moved by <see cref="ExpireTokenNow"/> and the expiry fault).</summary>
    public DateTimeOffset TokenExpiresOn => _tokens.Current.ExpiresOn;

    public bool TokenRevoked => _tokens.Current.Revoked;

    internal SimToken CurrentToken => _tokens.Current;

    /// <summary>Writes <see cref="TokenFileContent"/> (no trailing newline) and returns <paramref name="path"/>.</summary>
    public string WriteTokenFile(string path) => _tokens.WriteFile(path);

    /// <summary>The token expires now: requests with it get 9621.</summary>
    public void ExpireTokenNow() => _tokens.ExpireNow();

    /// <summary>The token is revoked: requests with it get 9625.</summary>
    public void RevokeToken() => _tokens.Revoke();

    /// <summary>
    /// Issues a new token for this location (the admin downloaded a new one, R-T2) and returns its
    /// file content. The previous token is revoked unless <paramref name="revokePrevious"/> is false,
    /// in which case both work (two token files for one location: "duplicate").
    /// </summary>
    public string RenewToken(DateTimeOffset? expiresOn = null, bool revokePrevious = true) => _tokens.Renew(expiresOn, revokePrevious);

    /// <summary>A read-only token (a read-only content manager's): writes get 9637 (API §2.4).</summary>
    public bool ReadOnly
    {
        get => _readOnly;
        set => _readOnly = value;
    }

    bool IServedLocation.UsedViaV2 => _usedViaV2;

    void IServedLocation.MarkUsedViaV2() => _usedViaV2 = true;

    // ---- client config ---------------------------------------------------------------

    public SimMdmInfo? MdmInfo
    {
        get { lock (_state.Gate) return _config.MdmInfo; }
    }

    public string? NotificationUrl
    {
        get { lock (_state.Gate) return _config.NotificationUrl; }
    }

    public string? NotificationAuthToken
    {
        get { lock (_state.Gate) return _config.NotificationAuthToken; }
    }

    /// <summary>Sets the webhook as if an MDM had posted it to client/config: Apple echoes the secret back in every client/config answer (API §5.2).</summary>
    public void SetNotifications(string url, string authToken) => ApplyClientConfig(null, true, url, authToken, null);

    public IReadOnlyList<string> SubscribedNotificationTypes
    {
        get { lock (_state.Gate) return _config.NotificationTypes.ToArray(); }
    }

    /// <summary>Another MDM claims the location: its mdmInfo and webhook replace the current ones (API §12).</summary>
    public void ClaimByOtherMdm(string id, string name, string metadata)
    {
        if (id is null) throw new ArgumentNullException(nameof(id));
        if (name is null) throw new ArgumentNullException(nameof(name));
        if (metadata is null) throw new ArgumentNullException(nameof(metadata));
        lock (_state.Gate) _config.ClaimByOtherMdm(new SimMdmInfo(id, name, metadata));
    }

    void IServedLocation.ClaimByOtherMdm(SimulatorFaults faults) => ClaimByOtherMdm(faults.OtherMdmId, faults.OtherMdmName, faults.OtherMdmMetadata);

    void IServedLocation.ApplyClientConfig(SimMdmInfo? mdmInfo, bool hasNotificationUrl, string? notificationUrl, string? notificationAuthToken, string[]? notificationTypes) =>
        ApplyClientConfig(mdmInfo, hasNotificationUrl, notificationUrl, notificationAuthToken, notificationTypes);

    /// <summary>Applies a POST client/config (already validated). Omitted = unchanged; empty string/array = cleared.</summary>
    private void ApplyClientConfig(SimMdmInfo? mdmInfo, bool hasNotificationUrl, string? notificationUrl, string? notificationAuthToken, string[]? notificationTypes)
    {
        lock (_state.Gate) _config.Apply(mdmInfo, hasNotificationUrl, notificationUrl, notificationAuthToken, notificationTypes);
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
        bool book = string.Equals(productType, "Book", StringComparison.OrdinalIgnoreCase);
        string[] platforms = supportedPlatforms?.ToArray() ?? (book ? new[] { "iOS", "macOS" } : new[] { "iOS" });
        SimAsset snapshot;
        lock (_state.Gate)
        {
            if (_state.TryFindAsset(adamId, pricingParam, out _))
                throw new InvalidOperationException($"Asset {adamId} ({pricingParam}) already exists in location '{LocationName}'.");
            var asset = _state.AddAsset(adamId, pricingParam, productType, totalCount, deviceAssignable, revocable, platforms);
            _state.EndWrite();
            snapshot = asset.ToSnapshot();
        }
        _simulator.Catalog.EnsureNamed(adamId, productType, platforms, CountryCode, name, (book ? "Simulated Book " : "Simulated App ") + adamId);
        return snapshot;
    }

    /// <summary>Sets the asset's name in a country store; null removes it from that store (R-T5).</summary>
    public void SetAssetName(string adamId, string countryCode, string? name) => _simulator.Catalog.SetName(adamId, countryCode, name);

    /// <summary>Changes the owned count (purchase, transfer, refund). Cannot go below the assigned count.</summary>
    public void SetTotalCount(string adamId, int totalCount, string pricingParam = "STDQ")
    {
        lock (_state.Gate)
        {
            var asset = _state.RequireAsset(adamId, pricingParam);
            if (totalCount < asset.Assigned)
                throw new InvalidOperationException($"Asset {adamId} has {asset.Assigned} assigned licenses; the total cannot be {totalCount}.");
            if (asset.Total == totalCount) return;
            _state.SetTotal(asset, totalCount);
            _state.EndWrite();
        }
    }

    public IReadOnlyList<SimAsset> Assets
    {
        get { lock (_state.Gate) return _state.Assets.Select(a => a.ToSnapshot()).ToArray(); }
    }

    public SimAsset? FindAsset(string adamId, string pricingParam = "STDQ")
    {
        lock (_state.Gate) return _state.TryFindAsset(adamId, pricingParam, out var a) ? a.ToSnapshot() : null;
    }

    // ---- users -----------------------------------------------------------------------

    /// <summary>
    /// Creates a user: Registered with an inviteCode, or Associated with an idHash when a
    /// managed Apple ID is given. Throws when the clientUserId already has an active record.
    /// </summary>
    public SimUser AddUser(string clientUserId, string? email = null, string? managedAppleId = null)
    {
        if (string.IsNullOrEmpty(clientUserId)) throw new ArgumentException("A clientUserId is required.", nameof(clientUserId));
        lock (_state.Gate)
        {
            int cid = _state.Cids.GetOrAdd(clientUserId);
            _state.AddUserRecord(cid, email, managedAppleId);
            _state.EndWrite();
            return _state.UserSnapshot(_state.Users.Count - 1);
        }
    }

    /// <summary>Retires the active record, releasing the user's revocable licenses. Throws when there is none.</summary>
    public void RetireUser(string clientUserId)
    {
        lock (_state.Gate)
        {
            if (!_state.Cids.TryGet(clientUserId, out int cid) || !_state.IsActiveCid(cid))
                throw NoActiveUser(clientUserId);
            _state.RetireCid(cid);
            _state.EndWrite();
        }
    }

    /// <summary>The user accepts the invitation with an Apple Account: Registered → Associated, an idHash appears.</summary>
    public SimUser AcceptInvitation(string clientUserId, string? appleAccount = null)
    {
        lock (_state.Gate)
        {
            if (!_state.Cids.TryGet(clientUserId, out int cid) || !_state.ActiveByCid.TryGetValue(cid, out int index))
                throw NoActiveUser(clientUserId);
            if (_state.Users[index].Status != UserStatus.Associated)
            {
                _state.AcceptInvitation(index, appleAccount);
                _state.EndWrite();
            }
            return _state.UserSnapshot(index);
        }
    }

    /// <summary>Accepts the invitation of the Registered record whose inviteCode this is (the invitation page).</summary>
    internal bool TryAcceptInvitation(string inviteCode, string? appleAccount)
    {
        lock (_state.Gate)
        {
            if (!_state.TryFindInvitation(inviteCode, out int index)) return false;
            _state.AcceptInvitation(index, appleAccount);
            _state.EndWrite();
            return true;
        }
    }

    /// <summary>Every user record, retired history included, in creation order.</summary>
    public IReadOnlyList<SimUser> Users
    {
        get
        {
            lock (_state.Gate)
            {
                var list = new SimUser[_state.Users.Count];
                for (int i = 0; i < list.Length; i++) list[i] = _state.UserSnapshot(i);
                return list;
            }
        }
    }

    public int UserRecordCount
    {
        get { lock (_state.Gate) return _state.Users.Count; }
    }

    // ---- assignments -----------------------------------------------------------------

    /// <summary>
    /// Assigns a license directly (no event). Give exactly one of <paramref name="clientUserId"/> /
    /// <paramref name="serialNumber"/>. Already assigned: no change. Throws when no license is
    /// available, the user is not active, or the asset is not device-assignable.
    /// </summary>
    public void Assign(string adamId, string? clientUserId = null, string? serialNumber = null, string pricingParam = "STDQ")
    {
        Target.RequireOne(clientUserId, serialNumber);
        lock (_state.Gate)
        {
            var asset = _state.RequireAsset(adamId, pricingParam);
            int target;
            if (clientUserId != null)
            {
                if (!_state.Cids.TryGet(clientUserId, out target) || !_state.IsActiveCid(target))
                    throw NoActiveUser(clientUserId);
            }
            else
            {
                if (!asset.DeviceAssignable) throw new InvalidOperationException($"Asset {adamId} is not device-assignable.");
                target = ~_state.Serials.GetOrAdd(serialNumber!);
            }
            if (_state.HasRow(asset, target)) return;
            if (asset.Available <= 0) throw new InvalidOperationException($"Asset {adamId} ({pricingParam}) has no available license.");
            _state.AddRow(asset, target);
            _state.EndWrite();
        }
    }

    /// <summary>Removes an assignment directly (no event); a missing one is a no-op.</summary>
    public void Unassign(string adamId, string? clientUserId = null, string? serialNumber = null, string pricingParam = "STDQ")
    {
        Target.RequireOne(clientUserId, serialNumber);
        lock (_state.Gate)
        {
            var asset = _state.RequireAsset(adamId, pricingParam);
            if (TryFindTarget(clientUserId, serialNumber, out int target) && _state.RemoveRow(asset, target)) _state.EndWrite();
        }
    }

    /// <summary>Every assignment, in listing order. For big locations prefer <see cref="AssignmentCount"/>.</summary>
    public IReadOnlyList<SimAssignment> Assignments
    {
        get
        {
            lock (_state.Gate)
            {
                var list = new List<SimAssignment>(_state.Live);
                for (int slot = 0; slot < _state.Slots; slot++)
                {
                    if (_state.IsLiveSlot(slot)) list.Add(_state.AssignmentSnapshot(_state.Rows[slot]));
                }
                return list;
            }
        }
    }

    public int AssignmentCount
    {
        get { lock (_state.Gate) return _state.Live; }
    }

    public bool HasAssignment(string adamId, string? clientUserId = null, string? serialNumber = null, string pricingParam = "STDQ")
    {
        Target.RequireOne(clientUserId, serialNumber);
        lock (_state.Gate)
        {
            return _state.TryFindAsset(adamId, pricingParam, out var asset)
                && TryFindTarget(clientUserId, serialNumber, out int target)
                && _state.HasRow(asset, target);
        }
    }

    /// <summary>The target of a known clientUserId or serial number (exactly one is given).</summary>
    private bool TryFindTarget(string? clientUserId, string? serialNumber, out int target)
    {
        if (clientUserId != null) return _state.Cids.TryGet(clientUserId, out target);
        bool known = _state.Serials.TryGet(serialNumber!, out int sid);
        target = ~sid;
        return known;
    }

    private InvalidOperationException NoActiveUser(string clientUserId) =>
        new InvalidOperationException($"No active user '{clientUserId}' in location '{LocationName}'.");

    // ---- versions and events ---------------------------------------------------------

    public string AssetsVersionId
    {
        get { lock (_state.Gate) return _versionIds.Format(_state.AssetsVersion); }
    }

    public string AssignmentsVersionId
    {
        get { lock (_state.Gate) return _versionIds.Format(_state.AssignmentsVersion); }
    }

    public string UsersVersionId
    {
        get { lock (_state.Gate) return _versionIds.Format(_state.UsersVersion); }
    }

    /// <summary>Events created so far (write requests accepted).</summary>
    public int EventCount
    {
        get { lock (_state.Gate) return _events.Count; }
    }

    // ---- bulk ------------------------------------------------------------------------

    /// <summary>
    /// Fills an empty location fast: <paramref name="assets"/> apps (adamIds 1000000001…, all
    /// device-assignable and revocable), <paramref name="users"/> users u000000… (every third one
    /// Associated), serial numbers SN0000000000…, and <paramref name="assignments"/> assignments
    /// spread over the assets — about half to users, half to devices (all to devices when
    /// <paramref name="users"/> is 0). Every asset gets 10% spare licenses (at least 10).
    /// </summary>
    public void Seed(int assets, int assignments, int users, int seed = 1) =>
        LocationSeeder.Seed(_state, _simulator.Catalog, CountryCode, assets, assignments, users, seed);

    /// <summary>
    /// Applies <paramref name="count"/> random changes, each its own write (own versions), as
    /// Apple-side activity would: assign, unassign, user create, user retire, count change.
    /// Deterministic for a given state and <paramref name="seed"/>.
    /// </summary>
    public void ApplyRandomChanges(int count, int seed) => RandomChanges.Apply(_state, count, seed);

    public override string ToString() => $"{LocationName} ({UId})";
}
