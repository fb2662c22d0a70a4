using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VppPowerShell.Simulator.Api;
using VppPowerShell.Simulator.Migration;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Simulator.Seeding;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator;

/// <summary>
/// One legacy VPP account (a per-buyer sToken of the v1 API, API §13): its license pools, license
/// seats with stable ids, user records with Apple user ids, its <c>clientContext</c> and its token.
/// Control members change the state directly, as Apple-side changes or test setup would, and stamp
/// what they change with a new account version (what <c>sinceModifiedToken</c> reads).
/// <see cref="MoveToLocation"/> performs Apple's migration to an Apps and Books location.
/// Every member is thread-safe.
/// </summary>
/// <remarks>
/// The state lives in <see cref="LegacyAccountState"/>; the v1 endpoints answer through
/// <see cref="LegacyAccountResponses"/>.
/// </remarks>
public sealed class SimulatedLegacyAccount : IServedLegacyAccount
{
    /// <summary>What v1 <c>clientContext</c> reads once the token's licenses are managed with v2 (API §12.1).</summary>
    public const string UsedInV2ClientContext = LegacyAccountState.UsedInV2ClientContext;

    private readonly AppleSimulator _simulator;
    private readonly LegacyAccountState _state;
    private readonly TokenIssuer<LegacyToken> _tokens;
    private readonly LegacyAccountResponses _responses;
    private SimulatedLocation? _movedTo;

    internal SimulatedLegacyAccount(AppleSimulator simulator, int number, string uId, string organizationName, string appleId, string countryCode, bool education, DateTimeOffset tokenExpiresOn)
    {
        _simulator = simulator;
        UId = uId;
        OrganizationName = organizationName;
        AppleId = appleId;
        CountryCode = countryCode.ToUpperInvariant();
        Education = education;
        OrganizationId = 2155000000000L + number * 7919L;
        ulong seed = UserIdentifiers.Mix((ulong)number * 0x9E3779B97F4A7C15UL + 0xC0FFEEUL);
        _state = new LegacyAccountState(400000001L + number * 100000000L, 20000000001L + number * 100000000L, new UserIdentifiers(seed, uId));
        using (var sha = SHA256.Create())
        {
            byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(OrganizationId.ToString(CultureInfo.InvariantCulture)));
            var text = new StringBuilder(40);
            for (int i = 0; i < 20; i++) text.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
            OrganizationIdHash = text.ToString();
        }
        _tokens = new TokenIssuer<LegacyToken>(expiresOn => new LegacyToken(this, organizationName, expiresOn), simulator.RegisterLegacyToken, tokenExpiresOn);
        _responses = new LegacyAccountResponses(this, _state, simulator);
    }

    /// <summary>The library id (<c>uId</c>) v1 responses carry.</summary>
    public string UId { get; }

    public string OrganizationName { get; }

    /// <summary>The buyer's (facilitator's) Apple Account, answered as <c>appleId</c>/<c>email</c> by client config.</summary>
    public string AppleId { get; }

    /// <summary>Store country (<c>countryCode</c>), upper case.</summary>
    public string CountryCode { get; }

    /// <summary>An education (volumestore) account rather than a business (enterprisestore) one.</summary>
    public bool Education { get; }

    public string DefaultPlatform => Education ? "volumestore" : "enterprisestore";

    public long OrganizationId { get; }

    public string OrganizationIdHash { get; }

    LegacyAccountResponses IServedLegacyAccount.Responses => _responses;

    // ---- token -----------------------------------------------------------------------

    /// <summary>The current .vpptoken file content: one base64 line of {"token","expDate","orgName"} (API §2.1).</summary>
    public string TokenFileContent => _tokens.Current.Content;

    public DateTimeOffset TokenExpiresOn => _tokens.Current.ExpiresOn;

    public bool TokenRevoked => _tokens.Current.Revoked;

    internal LegacyToken CurrentToken => _tokens.Current;

    /// <summary>Writes <see cref="TokenFileContent"/> (no trailing newline) and returns <paramref name="path"/>.</summary>
    public string WriteTokenFile(string path) => _tokens.WriteFile(path);

    /// <summary>The token expires now: v1 calls with it get 9621.</summary>
    public void ExpireTokenNow() => _tokens.ExpireNow();

    /// <summary>The token is revoked: v1 calls with it get 9625.</summary>
    public void RevokeToken() => _tokens.Revoke();

    /// <summary>Issues a new token (the previous one is revoked unless <paramref name="revokePrevious"/> is false) and returns its content.</summary>
    public string RenewToken(DateTimeOffset? expiresOn = null, bool revokePrevious = true) => _tokens.Renew(expiresOn, revokePrevious);

    // ---- client context --------------------------------------------------------------

    /// <summary>
    /// The stored <c>clientContext</c> (API §12.2); null = none. Setting it acts as another MDM
    /// (or Apple) writing it; values of 256 UTF-8 bytes or more are refused, as Apple does.
    /// </summary>
    public string? ClientContext
    {
        get
        {
            lock (_state.Gate) return _state.ClientContext;
        }
        set
        {
            if (value != null && Encoding.UTF8.GetByteCount(value) >= 256)
                throw new ArgumentException("A clientContext must be shorter than 256 bytes.", nameof(value));
            lock (_state.Gate) _state.SetClientContext(value);
        }
    }

    /// <summary>Another MDM takes the account: it writes its own {"hostname","guid"} context (API §12.2).</summary>
    public void ClaimByOtherMdm(string hostname, string guid) =>
        ClientContext = "{\"hostname\":\"" + hostname + "\",\"guid\":\"" + guid + "\"}";

    void IServedLegacyAccount.ClaimByOtherMdm(SimulatorFaults faults) => ClaimByOtherMdm(faults.OtherMdmMetadata, faults.OtherMdmId);

    // ---- assets and licenses -----------------------------------------------------------

    /// <summary>
    /// Adds a license pool with <paramref name="totalCount"/> available licenses.
    /// <paramref name="productTypeId"/>: 8 App Store app (iOS/macOS), 7 macOS software, 10 book.
    /// Books default to irrevocable and not device-assignable; apps to revocable and device-assignable.
    /// </summary>
    public SimLegacyAsset AddAsset(string adamId, int totalCount, int productTypeId = 8, string pricingParam = "STDQ",
        bool? deviceAssignable = null, bool? irrevocable = null, string? name = null)
    {
        if (string.IsNullOrEmpty(adamId)) throw new ArgumentException("An adamId is required.", nameof(adamId));
        if (totalCount < 0) throw new ArgumentOutOfRangeException(nameof(totalCount));
        bool book = productTypeId == LegacyProductTypes.Book;
        SimLegacyAsset snapshot;
        lock (_state.Gate)
        {
            _state.RequireNotMoved();
            if (_state.HasAsset(adamId, pricingParam))
                throw new InvalidOperationException($"Asset {adamId} ({pricingParam}) already exists in this legacy account.");
            long version = _state.Version.Advance();
            var asset = _state.AddAsset(adamId, pricingParam, productTypeId, irrevocable ?? book, deviceAssignable ?? !book);
            _state.AddSeats(asset, totalCount, version);
            snapshot = asset.ToSnapshot();
        }
        EnsureCatalog(adamId, productTypeId, name);
        return snapshot;
    }

    /// <summary>Buys <paramref name="count"/> more licenses of a pool; returns their license ids.</summary>
    public IReadOnlyList<long> AddLicenses(string adamId, int count, string pricingParam = "STDQ")
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count));
        lock (_state.Gate)
        {
            _state.RequireNotMoved();
            var asset = _state.RequireAsset(adamId, pricingParam);
            int first = _state.LicenseCount;
            _state.AddSeats(asset, count, _state.Version.Advance());
            var ids = new long[count];
            for (int i = 0; i < count; i++) ids[i] = _state.LicenseId(first + i);
            return ids;
        }
    }

    /// <summary>Refunds an available license: it stays listed with status Refunded and no longer counts.</summary>
    public void RefundLicense(long licenseId)
    {
        lock (_state.Gate)
        {
            int index = _state.FindLicense(licenseId);
            if (index < 0) throw new ArgumentException($"The legacy account has no license {licenseId}.", nameof(licenseId));
            var status = _state.Licenses[index].Status;
            if (status != LicenseStatus.Available)
                throw new InvalidOperationException($"License {licenseId} is {status.ToWireText()}; only an available license can be refunded.");
            _state.Refund(index, _state.Version.Advance());
        }
    }

    /// <summary>Every pool, in creation order (empty once everything moved to a location).</summary>
    public IReadOnlyList<SimLegacyAsset> Assets
    {
        get
        {
            lock (_state.Gate)
            {
                var list = new List<SimLegacyAsset>(_state.Assets.Count);
                if (_state.Emptied) return list;
                foreach (var a in _state.Assets) list.Add(a.ToSnapshot());
                return list;
            }
        }
    }

    /// <summary>Every license the account still holds (refunded ones included, moved ones not), in id order.</summary>
    public IReadOnlyList<SimLegacyLicense> Licenses
    {
        get
        {
            lock (_state.Gate)
            {
                var list = new List<SimLegacyLicense>(_state.LicenseCount);
                for (int i = 0; i < _state.LicenseCount; i++)
                {
                    if (_state.Licenses[i].Status != LicenseStatus.Moved) list.Add(_state.LicenseSnapshot(i));
                }
                return list;
            }
        }
    }

    /// <summary>Licenses the account still holds (refunded ones included).</summary>
    public int LicenseCount
    {
        get
        {
            lock (_state.Gate)
            {
                int n = 0;
                for (int i = 0; i < _state.LicenseCount; i++)
                {
                    if (_state.Licenses[i].Status != LicenseStatus.Moved) n++;
                }
                return n;
            }
        }
    }

    /// <summary>Associated licenses.</summary>
    public int AssignedLicenseCount
    {
        get
        {
            lock (_state.Gate)
            {
                int n = 0;
                foreach (var a in _state.Assets) n += a.Assigned;
                return n;
            }
        }
    }

    public SimLegacyLicense? FindLicense(long licenseId)
    {
        lock (_state.Gate)
        {
            int index = _state.FindLicense(licenseId);
            return index < 0 ? null : _state.LicenseSnapshot(index);
        }
    }

    // ---- users -------------------------------------------------------------------------

    /// <summary>
    /// Registers a user: Registered with an inviteCode, or Associated with an itsIdHash when a
    /// managed Apple Account is given. Throws when the clientUserId already has an active record.
    /// </summary>
    public SimLegacyUser AddUser(string clientUserId, string? email = null, string? managedAppleId = null)
    {
        if (string.IsNullOrEmpty(clientUserId)) throw new ArgumentException("A clientUserId is required.", nameof(clientUserId));
        lock (_state.Gate)
        {
            _state.RequireNotMoved();
            if (_state.ActiveUser.ContainsKey(clientUserId))
                throw new InvalidOperationException($"clientUserId '{clientUserId}' already has an active record.");
            var record = new LegacyUserRecord { ClientUserId = clientUserId, Email = email, ManagedAppleId = managedAppleId, Status = UserStatus.Registered, Version = _state.Version.Advance() };
            if (managedAppleId != null) record.Associate(UserIdentifiers.HashAppleAccount(managedAppleId));
            _state.ActiveUser[clientUserId] = _state.Users.Count;
            _state.Users.Add(record);
            return _state.UserSnapshot(_state.Users.Count - 1);
        }
    }

    /// <summary>The user accepts the invitation: Registered → Associated, an itsIdHash appears.</summary>
    public SimLegacyUser AcceptInvitation(string clientUserId, string? appleAccount = null)
    {
        lock (_state.Gate)
        {
            int index = _state.RequireActiveUser(clientUserId);
            if (_state.Users[index].Status != UserStatus.Associated) _state.AcceptInvitation(index, appleAccount);
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
            return true;
        }
    }

    /// <summary>Retires the active record: its revocable licenses become available; irrevocable ones (books) stay with it.</summary>
    public SimLegacyUser RetireUser(string clientUserId)
    {
        lock (_state.Gate)
        {
            int index = _state.RequireActiveUser(clientUserId);
            _state.Retire(index);
            return _state.UserSnapshot(index);
        }
    }

    /// <summary>Every user record (retired history included), in userId order (empty once everything moved).</summary>
    public IReadOnlyList<SimLegacyUser> Users
    {
        get
        {
            lock (_state.Gate)
            {
                if (_state.Emptied) return Array.Empty<SimLegacyUser>();
                var list = new SimLegacyUser[_state.Users.Count];
                for (int i = 0; i < list.Length; i++) list[i] = _state.UserSnapshot(i);
                return list;
            }
        }
    }

    // ---- assignments -------------------------------------------------------------------

    /// <summary>
    /// Associates a license (as <c>manageVPPLicensesByAdamIdSrv</c> would) and returns it. Give exactly
    /// one of <paramref name="clientUserId"/> (an active user) / <paramref name="serialNumber"/>.
    /// Already associated: the existing license. Throws when no license is available or the pool is
    /// not device-assignable.
    /// </summary>
    public SimLegacyLicense Assign(string adamId, string? clientUserId = null, string? serialNumber = null, string pricingParam = "STDQ")
    {
        Target.RequireOne(clientUserId, serialNumber);
        lock (_state.Gate)
        {
            _state.RequireNotMoved();
            var asset = _state.RequireAsset(adamId, pricingParam);
            int user = -1, serial = -1;
            if (clientUserId != null) user = _state.RequireActiveUser(clientUserId);
            else
            {
                if (!asset.DeviceAssignable) throw new InvalidOperationException($"Asset {adamId} is not device-assignable.");
                serial = _state.Serials.GetOrAdd(serialNumber!);
            }
            long key = Keys.Pair(asset.Index, user >= 0 ? user : ~serial);
            if (_state.LicenseByPair.TryGetValue(key, out int existing)) return _state.LicenseSnapshot(existing);
            if (asset.Free.Count == 0) throw new InvalidOperationException($"Asset {adamId} ({pricingParam}) has no available license.");
            int license = asset.Free.Pop();
            _state.Associate(license, user, serial, _state.Version.Advance());
            return _state.LicenseSnapshot(license);
        }
    }

    /// <summary>Disassociates a license; false when the pair had none. Irrevocable licenses cannot be taken back.</summary>
    public bool Unassign(string adamId, string? clientUserId = null, string? serialNumber = null, string pricingParam = "STDQ")
    {
        Target.RequireOne(clientUserId, serialNumber);
        lock (_state.Gate)
        {
            var asset = _state.RequireAsset(adamId, pricingParam);
            int target;
            if (clientUserId != null)
            {
                if (!_state.ActiveUser.TryGetValue(clientUserId, out target)) return false;
            }
            else
            {
                if (!_state.Serials.TryGet(serialNumber!, out int sid)) return false;
                target = ~sid;
            }
            if (!_state.LicenseByPair.TryGetValue(Keys.Pair(asset.Index, target), out int license)) return false;
            if (asset.IsIrrevocable) throw new InvalidOperationException($"Asset {adamId} is irrevocable (9607).");
            _state.Release(license, _state.Version.Advance());
            return true;
        }
    }

    // ---- bulk --------------------------------------------------------------------------

    /// <summary>
    /// Fills an empty account fast: <paramref name="assets"/> pools (adamIds 2000000001…; every tenth
    /// a book — irrevocable, users only, every other one priced PLUS —, every seventh other one macOS
    /// software, the rest App Store apps), <paramref name="users"/> users lu000000… (about a third
    /// Associated, a tenth Retired, the rest Registered), serial numbers LSN000000000…, and
    /// <paramref name="licenses"/> licenses spread over the pools: about 2% refunded, 18% available,
    /// the rest associated, to users and devices alike (books to users only; retired users keep
    /// only irrevocable licenses). Deterministic for given arguments.
    /// </summary>
    public void Seed(int assets, int licenses, int users, int seed = 1)
    {
        foreach (var pool in LegacyAccountSeeder.Seed(_state, assets, licenses, users, seed)) EnsureCatalog(pool.Key, pool.Value, null);
    }

    // ---- move --------------------------------------------------------------------------

    /// <summary>The location every license moved to (<see cref="MoveToLocation"/>), or null.</summary>
    public SimulatedLocation? MovedTo
    {
        get { lock (_state.Gate) return _movedTo; }
    }

    /// <summary>
    /// Moves this buyer's licenses to <paramref name="location"/>, as Apple does when a legacy VPP
    /// buyer is mapped to a location (API §14.3):
    /// <list type="bullet">
    /// <item>Into a previously unused location (no pool, user or assignment): <b>every</b> license
    /// moves, assigned or not. Pools become v2 pools (7/8 → App, 10 → Book; revocable = not
    /// isIrrevocable), user records become v2 users (same clientUserId, itsIdHash → idHash, retired
    /// history kept), associations become v2 assignments. The legacy account is then empty and its
    /// token behaves as <paramref name="tokenAfterMove"/> says.</item>
    /// <item>Into a location that already holds something: only the <b>available</b> licenses move
    /// (added to the location's pools); assigned ones stay with the legacy token until they are
    /// unassigned there, after which another move transfers them. The legacy token keeps working.</item>
    /// </list>
    /// </summary>
    public SimLegacyMove MoveToLocation(SimulatedLocation location, LegacyTokenAfterMove tokenAfterMove = LegacyTokenAfterMove.Revoked)
    {
        if (location is null) throw new ArgumentNullException(nameof(location));
        if (!ReferenceEquals(location.Simulator, _simulator)) throw new ArgumentException("The location belongs to another simulator.", nameof(location));

        var pools = new List<LegacyAssetState>();
        SimLegacyMove result;
        var to = location.State;
        lock (_state.Gate)
        {
            if (_state.Emptied) throw new InvalidOperationException("Every license of this legacy account already moved to a location.");
            lock (to.Gate)
            {
                long version = _state.Version.Advance();
                result = to.IsUnused
                    ? LegacyMove.Everything(_state, to, location.LocationName, version)
                    : LegacyMove.Available(_state, to, version);
                to.EndWrite();
            }
            _movedTo = location;
            if (result.Complete)
            {
                _state.Emptied = true;
                if (tokenAfterMove == LegacyTokenAfterMove.Revoked) _tokens.Revoke();
                else _state.UsedInV2 = true;
            }
            pools.AddRange(_state.Assets);
        }

        foreach (var asset in pools)
        {
            // The name the buyer's store gives it, else a made-up one.
            string name = _simulator.Catalog.Lookup(asset.AdamId, CountryCode)?.Name ?? DefaultName(asset.AdamId, asset.ProductTypeId);
            _simulator.Catalog.EnsureNamed(asset.AdamId, asset.V2ProductType, LegacyProductTypes.Platforms(asset.ProductTypeId), location.CountryCode, null, name);
        }
        return result;
    }

    // ---- helpers -----------------------------------------------------------------------

    private void EnsureCatalog(string adamId, int productTypeId, string? name)
    {
        string v2Type = productTypeId == LegacyProductTypes.Book ? "Book" : "App";
        _simulator.Catalog.EnsureNamed(adamId, v2Type, LegacyProductTypes.Platforms(productTypeId), CountryCode, name, DefaultName(adamId, productTypeId));
    }

    private static string DefaultName(string adamId, int productTypeId) =>
        (productTypeId == LegacyProductTypes.Book ? "Legacy Book " : "Legacy App ") + adamId;

    public override string ToString() => $"{OrganizationName} legacy account ({UId})";
}
