using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using VppPowerShell.Simulator.Api;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator;

// What the v1 endpoints do with a legacy account: client config, assets, batched licenses and users.
public sealed partial class SimulatedLegacyAccount
{
    private static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(15);

    /// <summary>Members every v1 success carries (API §13.1): status, uId, expirationMillis, clientContext, tokenExpDate near expiry.</summary>
    internal void WriteEnvelope(Utf8JsonWriter w, LegacyToken token)
    {
        w.WriteNumber("status", 0);
        w.WriteString("uId", UId);
        var expires = token.ExpiresOn;
        w.WriteNumber("expirationMillis", expires.ToUnixTimeMilliseconds());
        if (expires - DateTimeOffset.UtcNow <= ExpiryWarning) w.WriteString("tokenExpDate", Wire.FormatDate(expires));
        string? context = _usedInV2 ? UsedInV2ClientContext : _clientContext;
        if (context != null) w.WriteString("clientContext", context);
    }

    // ---- VPPClientConfigSrv ------------------------------------------------------------

    /// <summary>Reads (and, when <paramref name="setContext"/>, first stores) the client config. An empty context clears it.</summary>
    internal void WriteClientConfig(Utf8JsonWriter w, LegacyToken token, bool setContext, string? clientContext, bool verbose)
    {
        lock (Gate)
        {
            if (setContext && !_usedInV2) _clientContext = string.IsNullOrEmpty(clientContext) ? null : clientContext;
            w.WriteStartObject();
            WriteEnvelope(w, token);
            if (verbose) w.WriteString("appleId", AppleId);
            w.WriteString("email", AppleId);
            w.WriteString("countryCode", CountryCode);
            w.WriteString("defaultPlatform", DefaultPlatform);
            w.WriteNumber("organizationId", OrganizationId);
            w.WriteString("organizationIdHash", OrganizationIdHash);
            w.WriteEndObject();
        }
    }

    // ---- getVPPAssetsSrv ---------------------------------------------------------------

    internal void WriteAssets(Utf8JsonWriter w, LegacyToken token, bool includeCounts, string? pricingParam)
    {
        lock (Gate)
        {
            w.WriteStartObject();
            WriteEnvelope(w, token);
            w.WriteStartArray("assets");
            int count = 0;
            if (!_emptied)
            {
                foreach (var a in _assets)
                {
                    if (pricingParam != null && !string.Equals(a.PricingParam, pricingParam, StringComparison.OrdinalIgnoreCase)) continue;
                    count++;
                    w.WriteStartObject();
                    w.WriteString("adamIdStr", a.AdamId);
                    w.WriteString("pricingParam", a.PricingParam);
                    w.WriteNumber("productTypeId", a.ProductTypeId);
                    w.WriteString("productTypeName", a.ProductTypeName);
                    w.WriteBoolean("isIrrevocable", a.IsIrrevocable);
                    w.WriteBoolean("deviceAssignable", a.DeviceAssignable);
                    if (includeCounts)
                    {
                        w.WriteNumber("assignedCount", a.Assigned);
                        w.WriteNumber("availableCount", a.Available);
                        w.WriteNumber("retiredCount", a.Retired);
                        w.WriteNumber("totalCount", a.Total);
                    }
                    w.WriteEndObject();
                }
            }
            w.WriteEndArray();
            w.WriteNumber("totalCount", count);
            w.WriteEndObject();
        }
    }

    // ---- getVPPLicensesSrv, getVPPUsersSrv ----------------------------------------------

    /// <summary>One batched listing request: its tokens and, for a first call, its filters.</summary>
    internal sealed class BatchRequest
    {
        public string? BatchToken { get; set; }
        public string? SinceModifiedToken { get; set; }
        public int? OverrideIndex { get; set; }
        /// <summary>Canonical filter (<see cref="LegacyBatchToken.Filters"/>); ignored when a batchToken is given.</summary>
        public string Filter { get; set; } = string.Empty;
    }

    /// <summary>License filter parts, in the order the canonical filter keeps them.</summary>
    internal static string LicenseFilter(string? adamId, string? pricingParam, string? serialNumber, bool assignedOnly, bool userAssignedOnly, bool deviceAssignedOnly) =>
        LegacyBatchToken.Filters(new[] { adamId, adamId is null ? null : pricingParam, serialNumber, Flag(assignedOnly), Flag(userAssignedOnly), Flag(deviceAssignedOnly) });

    internal static string UserFilter(bool includeRetired, bool includeRetiredOnly) =>
        LegacyBatchToken.Filters(new[] { Flag(includeRetired), Flag(includeRetiredOnly) });

    private static string? Flag(bool value) => value ? "1" : null;

    internal void WriteLicenses(Utf8JsonWriter w, LegacyToken token, BatchRequest request, int batchSize, bool echoLastBatchToken) =>
        WriteBatch(w, token, request, batchSize, echoLastBatchToken, LegacyBatchToken.Licenses);

    internal void WriteUsers(Utf8JsonWriter w, LegacyToken token, BatchRequest request, int batchSize, bool echoLastBatchToken) =>
        WriteBatch(w, token, request, batchSize, echoLastBatchToken, LegacyBatchToken.Users);

    private void WriteBatch(Utf8JsonWriter w, LegacyToken token, BatchRequest request, int batchSize, bool echo, byte kind)
    {
        lock (Gate)
        {
            LegacyBatchToken batch;
            bool first = request.BatchToken is null;
            if (!first)
            {
                if (!LegacyBatchToken.TryDecode(request.BatchToken!, out batch) || batch.Kind != kind)
                    throw new LegacyApiException(LegacyErrorCatalog.NoBatchData);
                if (!string.Equals(batch.UId, UId, StringComparison.Ordinal))
                    throw new LegacyApiException(LegacyErrorCatalog.TokenDoesNotMatchBatch);
            }
            else
            {
                long since = -1;
                if (request.SinceModifiedToken != null)
                {
                    if (!LegacyBatchToken.TryDecodeSince(request.SinceModifiedToken, out string sinceUId, out byte sinceKind, out since)
                        || sinceKind != kind || since > _version)
                        throw new LegacyApiException(LegacyErrorCatalog.InvalidArgument, "Invalid sinceModifiedToken.");
                    if (!string.Equals(sinceUId, UId, StringComparison.Ordinal))
                        throw new LegacyApiException(LegacyErrorCatalog.TokenDoesNotMatchBatch, "The sToken does not match the sinceModifiedToken.");
                }
                var match = Matcher(kind, request.Filter, since);
                batch = new LegacyBatchToken(UId, kind, _version, since, request.Filter, 1, Bounds(kind == LegacyBatchToken.Licenses ? _licenseCount : _users.Count, match, batchSize, out _));
            }

            int index = first ? 1 : request.OverrideIndex ?? batch.Index;
            int total = batch.TotalBatches;
            if (index < 1 || index > total)
                throw new LegacyApiException(LegacyErrorCatalog.InvalidArgument, $"overrideIndex must be from 1 to {total}.");

            var matches = Matcher(kind, batch.Filter, batch.Since);
            w.WriteStartObject();
            WriteEnvelope(w, token);
            int written = 0;
            w.WriteStartArray(kind == LegacyBatchToken.Licenses ? "licenses" : "users");
            for (int row = batch.Bounds[index - 1]; row < batch.Bounds[index]; row++)
            {
                if (!matches(row)) continue;
                if (kind == LegacyBatchToken.Licenses) WriteLicense(w, row);
                else WriteUser(w, row, includeLicenses: false);
                written++;
            }
            w.WriteEndArray();
            w.WriteNumber("batchCount", written);
            w.WriteString("totalBatchCount", total.ToString(CultureInfo.InvariantCulture));
            if (first) w.WriteNumber("totalCount", CountMatches(kind == LegacyBatchToken.Licenses ? _licenseCount : _users.Count, matches));
            if (index < total)
            {
                w.WriteString("batchToken", batch.ForIndex(index + 1).Encode());
            }
            else
            {
                // The last batch is the one carrying sinceModifiedToken (API §7.4); echoing a batchToken
                // here keeps clients honest about that rule.
                if (echo) w.WriteString("batchToken", request.BatchToken ?? batch.ForIndex(index).Encode());
                w.WriteString("sinceModifiedToken", LegacyBatchToken.EncodeSince(UId, kind, batch.StartVersion));
            }
            w.WriteEndObject();
        }
    }

    private static int[] Bounds(int rows, Func<int, bool> match, int batchSize, out int matched)
    {
        var bounds = new List<int> { 0 };
        matched = 0;
        for (int row = 0; row < rows; row++)
        {
            if (!match(row)) continue;
            if (matched > 0 && matched % batchSize == 0) bounds.Add(row);
            matched++;
        }
        bounds.Add(rows);
        return bounds.ToArray();
    }

    private static int CountMatches(int rows, Func<int, bool> match)
    {
        int n = 0;
        for (int row = 0; row < rows; row++)
        {
            if (match(row)) n++;
        }
        return n;
    }

    /// <summary>
    /// Which rows a traversal lists. In a delta (<paramref name="since"/> ≥ 0) the assignment filters
    /// (assignedOnly and the like) do not apply, so a license released since shows as Available.
    /// </summary>
    private Func<int, bool> Matcher(byte kind, string filter, long since)
    {
        if (kind == LegacyBatchToken.Users)
        {
            var parts = LegacyBatchToken.SplitFilters(filter, 2);
            bool includeRetired = parts[0] != null, retiredOnly = parts[1] != null;
            return row =>
            {
                if (_emptied) return false;
                var r = _users[row];
                if (since >= 0 && r.Modified <= since) return false;
                if (retiredOnly) return !r.IsActive;
                return includeRetired || r.IsActive;
            };
        }

        var p = LegacyBatchToken.SplitFilters(filter, 6);
        string? adamId = p[0], pricing = p[1], serialNumber = p[2];
        bool delta = since >= 0;
        bool assignedOnly = !delta && p[3] != null, userOnly = !delta && p[4] != null, deviceOnly = !delta && p[5] != null;
        int serial = -1;
        bool noSerial = serialNumber != null && !_serials.TryGet(serialNumber, out serial);
        bool[]? assetMask = null;
        if (adamId != null)
        {
            assetMask = new bool[_assets.Count];
            foreach (var a in _assets)
                assetMask[a.Index] = a.AdamId == adamId && (pricing is null || string.Equals(a.PricingParam, pricing, StringComparison.OrdinalIgnoreCase));
        }
        return row =>
        {
            if (noSerial) return false;
            var r = _licenses[row];
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

    private void WriteLicense(Utf8JsonWriter w, int index)
    {
        var row = _licenses[index];
        var asset = _assets[row.Asset];
        long id = LicenseId(index);
        w.WriteStartObject();
        if (_simulator.Options.Legacy.NonNumericLicenseIds)
        {
            string text = "L-" + id.ToString("x", CultureInfo.InvariantCulture);
            w.WriteString("licenseId", text);
            w.WriteString("licenseIdStr", text);
        }
        else
        {
            w.WriteNumber("licenseId", id);
            w.WriteString("licenseIdStr", id.ToString(CultureInfo.InvariantCulture));
        }
        if (long.TryParse(asset.AdamId, NumberStyles.None, CultureInfo.InvariantCulture, out long adamId)) w.WriteNumber("adamId", adamId);
        w.WriteString("adamIdStr", asset.AdamId);
        w.WriteString("pricingParam", asset.PricingParam);
        w.WriteNumber("productTypeId", asset.ProductTypeId);
        w.WriteString("productTypeName", asset.ProductTypeName);
        w.WriteBoolean("isIrrevocable", asset.IsIrrevocable);
        w.WriteString("status", StatusText(row.Status));
        if (row.Status == LicenseStatus.Associated)
        {
            if (row.User >= 0)
            {
                long userId = UserId(row.User);
                w.WriteNumber("userId", userId);
                w.WriteString("userIdStr", userId.ToString(CultureInfo.InvariantCulture));
                w.WriteString("clientUserIdStr", _users[row.User].ClientUserId);
                string? hash = ItsIdHashOf(row.User);
                if (hash != null) w.WriteString("itsIdHash", hash);
            }
            else if (row.Serial >= 0)
            {
                w.WriteString("serialNumber", _serials[row.Serial]);
            }
        }
        w.WriteEndObject();
    }

    private void WriteUser(Utf8JsonWriter w, int index, bool includeLicenses)
    {
        w.WriteStartObject();
        WriteUserMembers(w, index, includeLicenses);
        w.WriteEndObject();
    }

    // ---- getVPPUserSrv ------------------------------------------------------------------

    /// <summary>One user record by userId (wins), else by clientUserIdStr (the active record, or the one with that itsIdHash).</summary>
    internal void WriteOneUser(Utf8JsonWriter w, LegacyToken token, long? userId, string? clientUserId, string? itsIdHash)
    {
        lock (Gate)
        {
            int index = -1;
            if (!_emptied)
            {
                if (userId != null)
                {
                    long i = userId.Value - _userIdBase;
                    if (i >= 0 && i < _users.Count) index = (int)i;
                }
                else if (clientUserId != null)
                {
                    if (itsIdHash != null)
                    {
                        for (int i = _users.Count - 1; i >= 0 && index < 0; i--)
                        {
                            if (_users[i].ClientUserId == clientUserId && ItsIdHashOf(i) == itsIdHash) index = i;
                        }
                    }
                    else if (!_activeUser.TryGetValue(clientUserId, out index))
                    {
                        index = -1;
                    }
                }
            }
            if (index < 0) throw new LegacyApiException(LegacyErrorCatalog.UserNotFound);
            w.WriteStartObject();
            WriteEnvelope(w, token);
            w.WriteStartObject("user");
            WriteUserMembers(w, index, includeLicenses: true);
            w.WriteEndObject();
            w.WriteEndObject();
        }
    }

    private void WriteUserMembers(Utf8JsonWriter w, int index, bool includeLicenses)
    {
        var r = _users[index];
        long userId = UserId(index);
        w.WriteNumber("userId", userId);
        w.WriteString("userIdStr", userId.ToString(CultureInfo.InvariantCulture));
        w.WriteString("clientUserIdStr", r.ClientUserId);
        if (r.Email != null) w.WriteString("email", r.Email);
        w.WriteString("status", StatusText(r.Status));
        if (r.Status == UserStatus.Registered)
        {
            string code = InviteCode(index);
            w.WriteString("inviteCode", code);
            w.WriteString("inviteUrl", _simulator.RootUri.AbsoluteUri + V2Router.InvitationPath.Substring(1) + "?inviteCode=" + code + "&mt=8");
        }
        string? hash = ItsIdHashOf(index);
        if (hash != null) w.WriteString("itsIdHash", hash);
        if (r.ManagedAppleId != null) w.WriteString("managedAppleIDStr", r.ManagedAppleId);
        if (!includeLicenses) return;
        w.WriteStartArray("licenses");
        for (int i = 0; i < _licenseCount; i++)
        {
            if (_licenses[i].Status == LicenseStatus.Associated && _licenses[i].User == index) WriteLicense(w, i);
        }
        w.WriteEndArray();
    }

    /// <summary>Accepts the invitation of the Registered record whose inviteCode this is.</summary>
    internal bool TryAcceptInvitation(string inviteCode, string? appleAccount)
    {
        lock (Gate)
        {
            foreach (int index in _activeUser.Values)
            {
                if (_users[index].Status != UserStatus.Registered || InviteCode(index) != inviteCode) continue;
                AssociateRecord(index, appleAccount);
                return true;
            }
            return false;
        }
    }

    /// <summary>Fault hook: another MDM writes its clientContext now.</summary>
    internal void ClaimByOtherMdm(SimulatorFaults faults) => ClaimByOtherMdm(faults.OtherMdmMetadata, faults.OtherMdmId);
}
