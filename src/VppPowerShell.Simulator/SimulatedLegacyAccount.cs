using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
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
public sealed partial class SimulatedLegacyAccount
{
    /// <summary>What v1 <c>clientContext</c> reads once the token's licenses are managed with v2 (API §12.1).</summary>
    public const string UsedInV2ClientContext = "token being used in v2";

    internal readonly object Gate = new object();

    private readonly AppleSimulator _simulator;
    private readonly long _licenseIdBase;
    private readonly long _userIdBase;
    private readonly ulong _hashSeed;
    private LegacyToken _token;
    private string? _clientContext;
    private SimulatedLocation? _movedTo;
    /// <summary>A complete move took everything: pools, licenses and users are gone.</summary>
    private bool _emptied;
    private bool _usedInV2;

    private readonly List<LegacyAssetState> _assets = new List<LegacyAssetState>();
    private readonly Dictionary<string, int> _assetByKey = new Dictionary<string, int>(StringComparer.Ordinal);
    private LicenseRow[] _licenses = new LicenseRow[256];
    private int _licenseCount;
    private Dictionary<long, int> _licenseByPair = new Dictionary<long, int>();
    private readonly List<LegacyUserRecord> _users = new List<LegacyUserRecord>();
    private readonly Dictionary<string, int> _activeUser = new Dictionary<string, int>(StringComparer.Ordinal);
    private readonly IdTable _serials = new IdTable();
    private long _version = 1;

    internal SimulatedLegacyAccount(AppleSimulator simulator, int number, string uId, string organizationName, string appleId, string countryCode, bool education, DateTimeOffset tokenExpiresOn)
    {
        _simulator = simulator;
        UId = uId;
        OrganizationName = organizationName;
        AppleId = appleId;
        CountryCode = countryCode.ToUpperInvariant();
        Education = education;
        OrganizationId = 2155000000000L + number * 7919L;
        _licenseIdBase = 400000001L + number * 100000000L;
        _userIdBase = 20000000001L + number * 100000000L;
        _hashSeed = Mix((ulong)number * 0x9E3779B97F4A7C15UL + 0xC0FFEEUL);
        using (var sha = SHA256.Create())
        {
            byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(OrganizationId.ToString(CultureInfo.InvariantCulture)));
            var text = new StringBuilder(40);
            for (int i = 0; i < 20; i++) text.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
            OrganizationIdHash = text.ToString();
        }
        _token = new LegacyToken(this, organizationName, tokenExpiresOn);
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

    /// <summary>The current .vpptoken file content: one base64 line of {"token","expDate","orgName"} (API §2.1).</summary>
    public string TokenFileContent => _token.Content;

    public DateTimeOffset TokenExpiresOn => _token.ExpiresOn;

    public bool TokenRevoked => _token.Revoked;

    internal LegacyToken CurrentToken => _token;

    /// <summary>Writes <see cref="TokenFileContent"/> (no trailing newline) and returns <paramref name="path"/>.</summary>
    public string WriteTokenFile(string path)
    {
        File.WriteAllText(path, TokenFileContent, new UTF8Encoding(false));
        return path;
    }

    /// <summary>The token expires now: v1 calls with it get 9621.</summary>
    public void ExpireTokenNow() => _token.ExpiresOn = DateTimeOffset.UtcNow.AddSeconds(-1);

    /// <summary>The token is revoked: v1 calls with it get 9625.</summary>
    public void RevokeToken() => _token.Revoked = true;

    /// <summary>Issues a new token (the previous one is revoked unless <paramref name="revokePrevious"/> is false) and returns its content.</summary>
    public string RenewToken(DateTimeOffset? expiresOn = null, bool revokePrevious = true)
    {
        var previous = _token;
        var next = new LegacyToken(this, OrganizationName, expiresOn ?? DateTimeOffset.UtcNow.AddYears(1));
        _simulator.RegisterLegacyToken(next);
        _token = next;
        if (revokePrevious) previous.Revoked = true;
        return next.Content;
    }

    /// <summary>
    /// The stored <c>clientContext</c> (API §12.2); null = none. Setting it acts as another MDM
    /// (or Apple) writing it; values of 256 UTF-8 bytes or more are refused, as Apple does.
    /// </summary>
    public string? ClientContext
    {
        get
        {
            lock (Gate) return _usedInV2 ? UsedInV2ClientContext : _clientContext;
        }
        set
        {
            if (value != null && Encoding.UTF8.GetByteCount(value) >= 256)
                throw new ArgumentException("A clientContext must be shorter than 256 bytes.", nameof(value));
            lock (Gate) _clientContext = string.IsNullOrEmpty(value) ? null : value;
        }
    }

    /// <summary>Another MDM takes the account: it writes its own {"hostname","guid"} context (API §12.2).</summary>
    public void ClaimByOtherMdm(string hostname, string guid) =>
        ClientContext = "{\"hostname\":\"" + hostname + "\",\"guid\":\"" + guid + "\"}";

    /// <summary>The location every license moved to (<see cref="MoveToLocation"/>), or null.</summary>
    public SimulatedLocation? MovedTo
    {
        get { lock (Gate) return _movedTo; }
    }

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
        lock (Gate)
        {
            RequireNotMoved();
            if (_assetByKey.ContainsKey(Key(adamId, pricingParam)))
                throw new InvalidOperationException($"Asset {adamId} ({pricingParam}) already exists in this legacy account.");
            long version = ++_version;
            var asset = AddAssetCore(adamId, pricingParam, productTypeId, irrevocable ?? book, deviceAssignable ?? !book);
            AddSeats(asset, totalCount, version);
            snapshot = asset.ToSnapshot();
        }
        EnsureCatalog(adamId, productTypeId, name);
        return snapshot;
    }

    /// <summary>Buys <paramref name="count"/> more licenses of a pool; returns their license ids.</summary>
    public IReadOnlyList<long> AddLicenses(string adamId, int count, string pricingParam = "STDQ")
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count));
        lock (Gate)
        {
            RequireNotMoved();
            var asset = RequireAsset(adamId, pricingParam);
            int first = _licenseCount;
            AddSeats(asset, count, ++_version);
            var ids = new long[count];
            for (int i = 0; i < count; i++) ids[i] = _licenseIdBase + first + i;
            return ids;
        }
    }

    /// <summary>Refunds an available license: it stays listed with status Refunded and no longer counts.</summary>
    public void RefundLicense(long licenseId)
    {
        lock (Gate)
        {
            int index = RequireLicense(licenseId);
            ref var row = ref _licenses[index];
            if (row.Status != LicenseStatus.Available)
                throw new InvalidOperationException($"License {licenseId} is {StatusText(row.Status)}; only an available license can be refunded.");
            var asset = _assets[row.Asset];
            RemoveFree(asset, index);
            asset.Total--;
            row.Status = LicenseStatus.Refunded;
            row.Modified = ++_version;
        }
    }

    /// <summary>Every pool, in creation order (empty once everything moved to a location).</summary>
    public IReadOnlyList<SimLegacyAsset> Assets
    {
        get
        {
            lock (Gate)
            {
                var list = new List<SimLegacyAsset>(_assets.Count);
                if (_emptied) return list;
                foreach (var a in _assets) list.Add(a.ToSnapshot());
                return list;
            }
        }
    }

    /// <summary>Every license the account still holds (refunded ones included, moved ones not), in id order.</summary>
    public IReadOnlyList<SimLegacyLicense> Licenses
    {
        get
        {
            lock (Gate)
            {
                var list = new List<SimLegacyLicense>(_licenseCount);
                for (int i = 0; i < _licenseCount; i++)
                {
                    if (_licenses[i].Status != LicenseStatus.Moved) list.Add(LicenseSnapshot(i));
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
            lock (Gate)
            {
                int n = 0;
                for (int i = 0; i < _licenseCount; i++)
                {
                    if (_licenses[i].Status != LicenseStatus.Moved) n++;
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
            lock (Gate)
            {
                int n = 0;
                foreach (var a in _assets) n += a.Assigned;
                return n;
            }
        }
    }

    public SimLegacyLicense? FindLicense(long licenseId)
    {
        lock (Gate)
        {
            long index = licenseId - _licenseIdBase;
            if (index < 0 || index >= _licenseCount || _licenses[index].Status == LicenseStatus.Moved) return null;
            return LicenseSnapshot((int)index);
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
        lock (Gate)
        {
            RequireNotMoved();
            if (_activeUser.ContainsKey(clientUserId))
                throw new InvalidOperationException($"clientUserId '{clientUserId}' already has an active record.");
            var record = new LegacyUserRecord { ClientUserId = clientUserId, Email = email, ManagedAppleId = managedAppleId, Status = UserStatus.Registered, Modified = ++_version };
            if (managedAppleId != null)
            {
                record.Status = UserStatus.Associated;
                record.HadAppleAccount = true;
                record.ItsIdHash = HashAppleAccount(managedAppleId);
            }
            _activeUser[clientUserId] = _users.Count;
            _users.Add(record);
            return UserSnapshot(_users.Count - 1);
        }
    }

    /// <summary>The user accepts the invitation: Registered → Associated, an itsIdHash appears.</summary>
    public SimLegacyUser AcceptInvitation(string clientUserId, string? appleAccount = null)
    {
        lock (Gate)
        {
            int index = RequireActiveUser(clientUserId);
            if (_users[index].Status != UserStatus.Associated) AssociateRecord(index, appleAccount);
            return UserSnapshot(index);
        }
    }

    /// <summary>Retires the active record: its revocable licenses become available; irrevocable ones (books) stay with it.</summary>
    public SimLegacyUser RetireUser(string clientUserId)
    {
        lock (Gate)
        {
            int index = RequireActiveUser(clientUserId);
            long version = ++_version;
            // Released while the record is still active, so the retired counts stay right.
            foreach (var asset in _assets)
            {
                if (!asset.IsIrrevocable && _licenseByPair.TryGetValue(PairKey(asset.Index, index), out int license)) Release(license, version);
            }
            var record = _users[index];
            record.Status = UserStatus.Retired;
            record.Modified = version;
            _activeUser.Remove(clientUserId);
            foreach (var asset in _assets)
            {
                if (asset.IsIrrevocable && _licenseByPair.ContainsKey(PairKey(asset.Index, index))) asset.Retired++;
            }
            return UserSnapshot(index);
        }
    }

    /// <summary>Every user record (retired history included), in userId order (empty once everything moved).</summary>
    public IReadOnlyList<SimLegacyUser> Users
    {
        get
        {
            lock (Gate)
            {
                if (_emptied) return Array.Empty<SimLegacyUser>();
                var list = new SimLegacyUser[_users.Count];
                for (int i = 0; i < list.Length; i++) list[i] = UserSnapshot(i);
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
        RequireOneTarget(clientUserId, serialNumber);
        lock (Gate)
        {
            RequireNotMoved();
            var asset = RequireAsset(adamId, pricingParam);
            int user = -1, serial = -1;
            if (clientUserId != null) user = RequireActiveUser(clientUserId);
            else
            {
                if (!asset.DeviceAssignable) throw new InvalidOperationException($"Asset {adamId} is not device-assignable.");
                serial = _serials.GetOrAdd(serialNumber!);
            }
            long key = PairKey(asset.Index, user >= 0 ? user : ~serial);
            if (_licenseByPair.TryGetValue(key, out int existing)) return LicenseSnapshot(existing);
            if (asset.Free.Count == 0) throw new InvalidOperationException($"Asset {adamId} ({pricingParam}) has no available license.");
            int license = asset.Free.Pop();
            Associate(license, user, serial, ++_version);
            return LicenseSnapshot(license);
        }
    }

    /// <summary>Disassociates a license; false when the pair had none. Irrevocable licenses cannot be taken back.</summary>
    public bool Unassign(string adamId, string? clientUserId = null, string? serialNumber = null, string pricingParam = "STDQ")
    {
        RequireOneTarget(clientUserId, serialNumber);
        lock (Gate)
        {
            var asset = RequireAsset(adamId, pricingParam);
            int target;
            if (clientUserId != null)
            {
                if (!_activeUser.TryGetValue(clientUserId, out target)) return false;
            }
            else
            {
                if (!_serials.TryGet(serialNumber!, out int sid)) return false;
                target = ~sid;
            }
            if (!_licenseByPair.TryGetValue(PairKey(asset.Index, target), out int license)) return false;
            if (asset.IsIrrevocable) throw new InvalidOperationException($"Asset {adamId} is irrevocable (9607).");
            Release(license, ++_version);
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
        if (assets < 0) throw new ArgumentOutOfRangeException(nameof(assets));
        if (licenses < 0) throw new ArgumentOutOfRangeException(nameof(licenses));
        if (users < 0) throw new ArgumentOutOfRangeException(nameof(users));
        if (licenses > 0 && assets == 0) throw new ArgumentException("Licenses need at least one asset.", nameof(assets));

        var random = new Random(seed);
        var catalog = new List<KeyValuePair<string, int>>(assets);
        lock (Gate)
        {
            RequireNotMoved();
            if (_assets.Count > 0 || _users.Count > 0 || _licenseCount > 0)
                throw new InvalidOperationException("Seed needs an empty legacy account.");
            long version = ++_version;

            for (int i = 0; i < assets; i++)
            {
                string adamId = (2000000001L + i).ToString(CultureInfo.InvariantCulture);
                int type = i % 10 == 9 ? LegacyProductTypes.Book : i % 7 == 3 ? LegacyProductTypes.MacSoftware : LegacyProductTypes.Application;
                bool book = type == LegacyProductTypes.Book;
                string pricing = book && i % 20 == 19 ? "PLUS" : "STDQ";
                AddAssetCore(adamId, pricing, type, book, !book);
                catalog.Add(new KeyValuePair<string, int>(adamId, type));
            }

            for (int i = 0; i < users; i++)
            {
                string cid = "lu" + i.ToString("D6", CultureInfo.InvariantCulture);
                var record = new LegacyUserRecord { ClientUserId = cid, Email = cid + "@contoso.example", Modified = version };
                if (i % 10 == 7)
                {
                    record.Status = UserStatus.Retired;
                    record.HadAppleAccount = true;
                }
                else
                {
                    record.Status = i % 3 == 0 ? UserStatus.Associated : UserStatus.Registered;
                    record.HadAppleAccount = record.Status == UserStatus.Associated;
                    _activeUser[cid] = i;
                }
                _users.Add(record);
            }

            int serialCount = licenses == 0 ? 0 : Math.Max(1, licenses / 4);
            _serials.Reserve(serialCount);
            for (int i = 0; i < serialCount; i++) _serials.GetOrAdd("LSN" + i.ToString("D9", CultureInfo.InvariantCulture));

            if (_licenses.Length < licenses) _licenses = new LicenseRow[licenses];
            _licenseByPair = new Dictionary<long, int>(licenses);
            int next = 0;
            for (int a = 0; a < assets; a++)
            {
                var asset = _assets[a];
                int count = licenses / assets + (a < licenses % assets ? 1 : 0);
                int userOffset = users == 0 ? 0 : random.Next(users);
                int serialOffset = serialCount == 0 ? 0 : random.Next(serialCount);
                int first = next;
                for (int j = 0; j < count; j++)
                {
                    int index = next++;
                    _licenses[index] = new LicenseRow { Asset = a, Status = LicenseStatus.Available, User = -1, Serial = -1, Modified = version };
                    int roll = (j * 37 + a) % 50;
                    if (roll == 49)
                    {
                        _licenses[index].Status = LicenseStatus.Refunded;
                        continue;
                    }
                    asset.Total++;
                    if (roll >= 40) continue; // available
                    bool toUser = users > 0 && (!asset.DeviceAssignable || j % 2 == 0);
                    if (toUser)
                    {
                        int user = (userOffset + j) % users;
                        if (!_users[user].IsActive && !asset.IsIrrevocable)
                        {
                            if (!asset.DeviceAssignable || serialCount == 0) continue;
                            toUser = false;
                        }
                        else if (!_licenseByPair.ContainsKey(PairKey(a, user)))
                        {
                            Associate(index, user, -1, version);
                            continue;
                        }
                        else continue;
                    }
                    if (!toUser && asset.DeviceAssignable && serialCount > 0)
                    {
                        int serial = (serialOffset + j * 7) % serialCount;
                        if (!_licenseByPair.ContainsKey(PairKey(a, ~serial))) Associate(index, -1, serial, version);
                    }
                }
                for (int index = next - 1; index >= first; index--)
                {
                    if (_licenses[index].Status == LicenseStatus.Available) asset.Free.Push(index);
                }
            }
            _licenseCount = next;
        }

        foreach (var pair in catalog) EnsureCatalog(pair.Key, pair.Value, null);
    }

    // ---- helpers -----------------------------------------------------------------------

    private static string Key(string adamId, string pricingParam) => adamId + "\n" + pricingParam;

    private static long PairKey(int asset, int target) => ((long)asset << 32) | (uint)target;

    private void RequireNotMoved()
    {
        if (_emptied) throw new InvalidOperationException("Every license of this legacy account moved to a location.");
    }

    private LegacyAssetState AddAssetCore(string adamId, string pricingParam, int productTypeId, bool irrevocable, bool deviceAssignable)
    {
        var asset = new LegacyAssetState(_assets.Count, adamId, pricingParam, productTypeId, irrevocable, deviceAssignable);
        _assets.Add(asset);
        _assetByKey.Add(Key(adamId, pricingParam), asset.Index);
        return asset;
    }

    private void AddSeats(LegacyAssetState asset, int count, long version)
    {
        if (_licenseCount + count > _licenses.Length) Array.Resize(ref _licenses, Math.Max(_licenses.Length * 2, _licenseCount + count));
        int first = _licenseCount;
        for (int i = 0; i < count; i++)
        {
            _licenses[first + i] = new LicenseRow { Asset = asset.Index, Status = LicenseStatus.Available, User = -1, Serial = -1, Modified = version };
        }
        _licenseCount += count;
        // New seats go below the free ones already there, which are used first.
        var existing = asset.Free.ToArray(); // top first
        asset.Free.Clear();
        for (int i = first + count - 1; i >= first; i--) asset.Free.Push(i);
        for (int i = existing.Length - 1; i >= 0; i--) asset.Free.Push(existing[i]);
        asset.Total += count;
    }

    private void Associate(int license, int user, int serial, long version)
    {
        ref var row = ref _licenses[license];
        var asset = _assets[row.Asset];
        row.Status = LicenseStatus.Associated;
        row.User = user;
        row.Serial = serial;
        row.Modified = version;
        _licenseByPair[PairKey(row.Asset, user >= 0 ? user : ~serial)] = license;
        asset.Assigned++;
        if (user >= 0 && !_users[user].IsActive) asset.Retired++;
    }

    private void Release(int license, long version)
    {
        ref var row = ref _licenses[license];
        var asset = _assets[row.Asset];
        _licenseByPair.Remove(PairKey(row.Asset, row.User >= 0 ? row.User : ~row.Serial));
        asset.Assigned--;
        if (row.User >= 0 && !_users[row.User].IsActive) asset.Retired--;
        row.Status = LicenseStatus.Available;
        row.User = -1;
        row.Serial = -1;
        row.Modified = version;
        asset.Free.Push(license);
    }

    private static void RemoveFree(LegacyAssetState asset, int license)
    {
        var items = asset.Free.ToArray();
        asset.Free.Clear();
        for (int i = items.Length - 1; i >= 0; i--)
        {
            if (items[i] != license) asset.Free.Push(items[i]);
        }
    }

    private void AssociateRecord(int index, string? appleAccount)
    {
        var record = _users[index];
        record.Status = UserStatus.Associated;
        record.HadAppleAccount = true;
        record.ItsIdHash = HashAppleAccount(appleAccount ?? ("account-" + index.ToString(CultureInfo.InvariantCulture) + "@" + UId));
        record.Modified = ++_version;
    }

    private LegacyAssetState RequireAsset(string adamId, string pricingParam)
    {
        if (!_assetByKey.TryGetValue(Key(adamId, pricingParam), out int index))
            throw new ArgumentException($"The legacy account has no asset {adamId} ({pricingParam}).", nameof(adamId));
        return _assets[index];
    }

    private int RequireLicense(long licenseId)
    {
        long index = licenseId - _licenseIdBase;
        if (index < 0 || index >= _licenseCount || _licenses[index].Status == LicenseStatus.Moved)
            throw new ArgumentException($"The legacy account has no license {licenseId}.", nameof(licenseId));
        return (int)index;
    }

    private int RequireActiveUser(string clientUserId)
    {
        if (!_activeUser.TryGetValue(clientUserId, out int index))
            throw new InvalidOperationException($"No active user '{clientUserId}' in this legacy account.");
        return index;
    }

    private static void RequireOneTarget(string? clientUserId, string? serialNumber)
    {
        if ((clientUserId is null) == (serialNumber is null))
            throw new ArgumentException("Give exactly one of clientUserId and serialNumber.");
    }

    private void EnsureCatalog(string adamId, int productTypeId, string? name)
    {
        string v2Type = productTypeId == LegacyProductTypes.Book ? "Book" : "App";
        _simulator.Catalog.Ensure(adamId, v2Type, LegacyProductTypes.Platforms(productTypeId));
        if (name != null || !_simulator.Catalog.HasName(adamId, CountryCode))
            _simulator.Catalog.SetName(adamId, CountryCode, name ?? (productTypeId == LegacyProductTypes.Book ? "Legacy Book " : "Legacy App ") + adamId);
    }

    internal static string StatusText(LicenseStatus status) => status switch
    {
        LicenseStatus.Available => "Available",
        LicenseStatus.Associated => "Associated",
        LicenseStatus.Refunded => "Refunded",
        _ => "Moved",
    };

    internal static string StatusText(UserStatus status) => status switch
    {
        UserStatus.Registered => "Registered",
        UserStatus.Associated => "Associated",
        UserStatus.Retired => "Retired",
        _ => "Deleted",
    };

    internal long LicenseId(int index) => _licenseIdBase + index;

    internal long UserId(int index) => _userIdBase + index;

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>32 hex characters, stable per user record.</summary>
    internal string InviteCode(int index)
    {
        ulong a = Mix(_hashSeed ^ (ulong)index);
        ulong b = Mix(a ^ 0x5DEECE66DUL);
        return a.ToString("x16", CultureInfo.InvariantCulture) + b.ToString("x16", CultureInfo.InvariantCulture);
    }

    internal string? ItsIdHashOf(int index)
    {
        var record = _users[index];
        if (!(record.Status == UserStatus.Associated || record.HadAppleAccount)) return null;
        if (record.ItsIdHash != null) return record.ItsIdHash;
        byte[] bytes = new byte[20];
        ulong a = Mix(_hashSeed ^ ((ulong)index << 1) ^ 0xA5A5UL);
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

    private SimLegacyLicense LicenseSnapshot(int index)
    {
        var row = _licenses[index];
        var asset = _assets[row.Asset];
        bool user = row.Status == LicenseStatus.Associated && row.User >= 0;
        bool device = row.Status == LicenseStatus.Associated && row.Serial >= 0;
        return new SimLegacyLicense(
            LicenseId(index), asset.AdamId, asset.PricingParam, asset.ProductTypeId, asset.ProductTypeName, asset.IsIrrevocable,
            StatusText(row.Status),
            user ? UserId(row.User) : null,
            user ? _users[row.User].ClientUserId : null,
            user ? ItsIdHashOf(row.User) : null,
            device ? _serials[row.Serial] : null);
    }

    private SimLegacyUser UserSnapshot(int index)
    {
        var r = _users[index];
        return new SimLegacyUser(UserId(index), r.ClientUserId, r.Email, StatusText(r.Status), ItsIdHashOf(index),
            r.Status == UserStatus.Registered ? InviteCode(index) : null, r.ManagedAppleId);
    }

    public override string ToString() => $"{OrganizationName} legacy account ({UId})";
}
