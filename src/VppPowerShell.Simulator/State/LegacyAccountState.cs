using System;
using System.Collections.Generic;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Simulator.Paging;

namespace VppPowerShell.Simulator.State;

/// <summary>
/// What one legacy account holds (pools, license seats with stable ids, user records with Apple
/// user ids) and the primitive changes its writes are made of. Every change is stamped with a new
/// account version (what <c>sinceModifiedToken</c> reads). Callers hold <see cref="Gate"/>.
/// </summary>
internal sealed class LegacyAccountState
{
    /// <summary>What v1 <c>clientContext</c> reads once the token's licenses are managed with v2 (API §12.1).</summary>
    public const string UsedInV2ClientContext = "token being used in v2";

    public readonly object Gate = new object();

    private readonly long _licenseIdBase;
    private readonly long _userIdBase;
    private readonly Dictionary<string, int> _assetByKey = new Dictionary<string, int>(StringComparer.Ordinal);

    public LegacyAccountState(long licenseIdBase, long userIdBase, UserIdentifiers identifiers)
    {
        _licenseIdBase = licenseIdBase;
        _userIdBase = userIdBase;
        Identifiers = identifiers;
    }

    public UserIdentifiers Identifiers { get; }

    public readonly List<LegacyAssetState> Assets = new List<LegacyAssetState>();
    public LicenseRow[] Licenses = new LicenseRow[256];
    public int LicenseCount;
    /// <summary>The associated license of each (asset, target) pair (<see cref="Keys.Pair"/>).</summary>
    public Dictionary<long, int> LicenseByPair = new Dictionary<long, int>();
    public readonly List<LegacyUserRecord> Users = new List<LegacyUserRecord>();
    public readonly Dictionary<string, int> ActiveUser = new Dictionary<string, int>(StringComparer.Ordinal);
    public readonly IdTable Serials = new IdTable();
    public readonly DataSetVersion Version = new DataSetVersion(0);

    /// <summary>A complete move took everything: pools, licenses and users are gone.</summary>
    public bool Emptied;

    /// <summary>The token's licenses are managed with v2 now (a complete move that kept the token working).</summary>
    public bool UsedInV2;

    private string? _clientContext;

    /// <summary>What v1 reads as <c>clientContext</c> (API §12.2); null = none.</summary>
    public string? ClientContext => UsedInV2 ? UsedInV2ClientContext : _clientContext;

    /// <summary>Stores a clientContext (empty clears it).</summary>
    public void SetClientContext(string? value) => _clientContext = string.IsNullOrEmpty(value) ? null : value;

    public long LicenseId(int index) => _licenseIdBase + index;

    public long UserId(int index) => _userIdBase + index;

    /// <summary>The index of a license the account still holds, or -1.</summary>
    public int FindLicense(long licenseId)
    {
        long index = licenseId - _licenseIdBase;
        return index < 0 || index >= LicenseCount || Licenses[index].Status == LicenseStatus.Moved ? -1 : (int)index;
    }

    /// <summary>The index of a user record, or -1.</summary>
    public int FindUser(long userId)
    {
        long index = userId - _userIdBase;
        return index >= 0 && index < Users.Count ? (int)index : -1;
    }

    public void RequireNotMoved()
    {
        if (Emptied) throw new InvalidOperationException("Every license of this legacy account moved to a location.");
    }

    // ---- pools and seats ---------------------------------------------------------------

    public bool HasAsset(string adamId, string pricingParam) => _assetByKey.ContainsKey(Keys.Asset(adamId, pricingParam));

    public LegacyAssetState RequireAsset(string adamId, string pricingParam)
    {
        if (!_assetByKey.TryGetValue(Keys.Asset(adamId, pricingParam), out int index))
            throw new ArgumentException($"The legacy account has no asset {adamId} ({pricingParam}).", nameof(adamId));
        return Assets[index];
    }

    public LegacyAssetState AddAsset(string adamId, string pricingParam, int productTypeId, bool irrevocable, bool deviceAssignable)
    {
        var asset = new LegacyAssetState(Assets.Count, adamId, pricingParam, productTypeId, irrevocable, deviceAssignable);
        Assets.Add(asset);
        _assetByKey.Add(Keys.Asset(adamId, pricingParam), asset.Index);
        return asset;
    }

    public void AddSeats(LegacyAssetState asset, int count, long version)
    {
        if (LicenseCount + count > Licenses.Length) Array.Resize(ref Licenses, Math.Max(Licenses.Length * 2, LicenseCount + count));
        int first = LicenseCount;
        for (int i = 0; i < count; i++)
        {
            Licenses[first + i] = new LicenseRow { Asset = asset.Index, Status = LicenseStatus.Available, User = -1, Serial = -1, Modified = version };
        }
        LicenseCount += count;
        // New seats go below the free ones already there, which are used first.
        var existing = asset.Free.ToArray(); // top first
        asset.Free.Clear();
        for (int i = first + count - 1; i >= first; i--) asset.Free.Push(i);
        for (int i = existing.Length - 1; i >= 0; i--) asset.Free.Push(existing[i]);
        asset.Total += count;
    }

    /// <summary>Refunds an available license: it stays listed with status Refunded and no longer counts.</summary>
    public void Refund(int license, long version)
    {
        ref var row = ref Licenses[license];
        var asset = Assets[row.Asset];
        var items = asset.Free.ToArray();
        asset.Free.Clear();
        for (int i = items.Length - 1; i >= 0; i--)
        {
            if (items[i] != license) asset.Free.Push(items[i]);
        }
        asset.Total--;
        row.Status = LicenseStatus.Refunded;
        row.Modified = version;
    }

    // ---- associations ------------------------------------------------------------------

    public void Associate(int license, int user, int serial, long version)
    {
        ref var row = ref Licenses[license];
        var asset = Assets[row.Asset];
        row.Status = LicenseStatus.Associated;
        row.User = user;
        row.Serial = serial;
        row.Modified = version;
        LicenseByPair[Keys.Pair(row.Asset, user >= 0 ? user : ~serial)] = license;
        asset.Assigned++;
        if (user >= 0 && !Users[user].IsActive) asset.Retired++;
    }

    public void Release(int license, long version)
    {
        ref var row = ref Licenses[license];
        var asset = Assets[row.Asset];
        LicenseByPair.Remove(Keys.Pair(row.Asset, row.User >= 0 ? row.User : ~row.Serial));
        asset.Assigned--;
        if (row.User >= 0 && !Users[row.User].IsActive) asset.Retired--;
        row.Status = LicenseStatus.Available;
        row.User = -1;
        row.Serial = -1;
        row.Modified = version;
        asset.Free.Push(license);
    }

    // ---- users -------------------------------------------------------------------------

    public int RequireActiveUser(string clientUserId)
    {
        if (!ActiveUser.TryGetValue(clientUserId, out int index))
            throw new InvalidOperationException($"No active user '{clientUserId}' in this legacy account.");
        return index;
    }

    /// <summary>Retires an active record: its revocable licenses become available; irrevocable ones (books) stay with it.</summary>
    public void Retire(int index)
    {
        long version = Version.Advance();
        // Released while the record is still active, so the retired counts stay right.
        foreach (var asset in Assets)
        {
            if (!asset.IsIrrevocable && LicenseByPair.TryGetValue(Keys.Pair(asset.Index, index), out int license)) Release(license, version);
        }
        var record = Users[index];
        record.Status = UserStatus.Retired;
        record.Version = version;
        ActiveUser.Remove(record.ClientUserId);
        foreach (var asset in Assets)
        {
            if (asset.IsIrrevocable && LicenseByPair.ContainsKey(Keys.Pair(asset.Index, index))) asset.Retired++;
        }
    }

    /// <summary>The user accepted the invitation: Registered → Associated, an itsIdHash appears.</summary>
    public void AcceptInvitation(int index, string? appleAccount)
    {
        var record = Users[index];
        record.Associate(Identifiers.AcceptedIdHash(index, appleAccount));
        record.Version = Version.Advance();
    }

    public bool TryFindInvitation(string inviteCode, out int index) =>
        Identifiers.TryFindInvitation(Users, ActiveUser.Values, inviteCode, out index);

    public string? ItsIdHashOf(int index) => Identifiers.ShownIdHash(Users[index], index);

    // ---- snapshots ---------------------------------------------------------------------

    public SimLegacyLicense LicenseSnapshot(int index)
    {
        var row = Licenses[index];
        var asset = Assets[row.Asset];
        bool user = row.Status == LicenseStatus.Associated && row.User >= 0;
        bool device = row.Status == LicenseStatus.Associated && row.Serial >= 0;
        return new SimLegacyLicense(
            LicenseId(index), asset.AdamId, asset.PricingParam, asset.ProductTypeId, asset.ProductTypeName, asset.IsIrrevocable,
            row.Status.ToWireText(),
            user ? UserId(row.User) : null,
            user ? Users[row.User].ClientUserId : null,
            user ? ItsIdHashOf(row.User) : null,
            device ? Serials[row.Serial] : null);
    }

    public SimLegacyUser UserSnapshot(int index)
    {
        var r = Users[index];
        return new SimLegacyUser(UserId(index), r.ClientUserId, r.Email, r.Status.ToWireText(), ItsIdHashOf(index),
            r.Status == UserStatus.Registered ? Identifiers.InviteCode(index) : null, r.ManagedAppleId);
    }
}
