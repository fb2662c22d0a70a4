using System;
using System.Globalization;
using System.Text.Json;
using VppPowerShell.Simulator.Json;
using VppPowerShell.Simulator.Listing;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Simulator.Paging;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Api;

/// <summary>What a legacy account answers on the v1 endpoints: client config, assets, batched licenses and users, one user.</summary>
internal sealed class LegacyAccountResponses
{
    private readonly IServedLegacyAccount _account;
    private readonly LegacyAccountState _state;
    private readonly ISimulatorHost _simulator;

    public LegacyAccountResponses(IServedLegacyAccount account, LegacyAccountState state, ISimulatorHost simulator)
    {
        _account = account;
        _state = state;
        _simulator = simulator;
    }

    private bool NonNumericLicenseIds => _simulator.Options.Legacy.NonNumericLicenseIds;

    private void WriteEnvelope(Utf8JsonWriter w, LegacyToken token) =>
        LegacyJson.WriteEnvelope(w, _account.UId, token, _state.ClientContext);

    // ---- VPPClientConfigSrv ------------------------------------------------------------

    /// <summary>Reads (and, when <paramref name="setContext"/>, first stores) the client config. An empty context clears it.</summary>
    public void WriteClientConfig(Utf8JsonWriter w, LegacyToken token, bool setContext, string? clientContext, bool verbose)
    {
        lock (_state.Gate)
        {
            if (setContext && !_state.UsedInV2) _state.SetClientContext(clientContext);
            w.WriteStartObject();
            WriteEnvelope(w, token);
            if (verbose) w.WriteString("appleId", _account.AppleId);
            w.WriteString("email", _account.AppleId);
            w.WriteString("countryCode", _account.CountryCode);
            w.WriteString("defaultPlatform", _account.DefaultPlatform);
            w.WriteNumber("organizationId", _account.OrganizationId);
            w.WriteString("organizationIdHash", _account.OrganizationIdHash);
            w.WriteEndObject();
        }
    }

    // ---- getVPPAssetsSrv ---------------------------------------------------------------

    public void WriteAssets(Utf8JsonWriter w, LegacyToken token, bool includeCounts, string? pricingParam)
    {
        var s = _state;
        lock (s.Gate)
        {
            w.WriteStartObject();
            WriteEnvelope(w, token);
            w.WriteStartArray("assets");
            int count = 0;
            if (!s.Emptied)
            {
                foreach (var a in s.Assets)
                {
                    if (pricingParam != null && !string.Equals(a.PricingParam, pricingParam, StringComparison.OrdinalIgnoreCase)) continue;
                    count++;
                    LegacyJson.WriteAsset(w, a, includeCounts);
                }
            }
            w.WriteEndArray();
            w.WriteNumber("totalCount", count);
            w.WriteEndObject();
        }
    }

    // ---- getVPPLicensesSrv, getVPPUsersSrv ----------------------------------------------

    public void WriteLicenses(Utf8JsonWriter w, LegacyToken token, BatchRequest request, int batchSize, bool echoLastBatchToken) =>
        WriteBatch(w, token, request, batchSize, echoLastBatchToken, LegacyBatchToken.Licenses);

    public void WriteUsers(Utf8JsonWriter w, LegacyToken token, BatchRequest request, int batchSize, bool echoLastBatchToken) =>
        WriteBatch(w, token, request, batchSize, echoLastBatchToken, LegacyBatchToken.Users);

    private void WriteBatch(Utf8JsonWriter w, LegacyToken token, BatchRequest request, int batchSize, bool echo, byte kind)
    {
        var s = _state;
        string uId = _account.UId;
        lock (s.Gate)
        {
            int rows = kind == LegacyBatchToken.Licenses ? s.LicenseCount : s.Users.Count;
            LegacyBatchToken batch;
            bool first = request.BatchToken is null;
            if (!first)
            {
                if (!LegacyBatchToken.TryDecode(request.BatchToken!, out batch) || batch.Kind != kind)
                    throw new LegacyApiException(LegacyErrorCatalog.NoBatchData);
                if (!string.Equals(batch.UId, uId, StringComparison.Ordinal))
                    throw new LegacyApiException(LegacyErrorCatalog.TokenDoesNotMatchBatch);
            }
            else
            {
                long since = -1;
                if (request.SinceModifiedToken != null)
                {
                    if (!LegacyBatchToken.TryDecodeSince(request.SinceModifiedToken, out string sinceUId, out byte sinceKind, out since)
                        || sinceKind != kind || since > s.Version.Current)
                        throw new LegacyApiException(LegacyErrorCatalog.InvalidArgument, "Invalid sinceModifiedToken.");
                    if (!string.Equals(sinceUId, uId, StringComparison.Ordinal))
                        throw new LegacyApiException(LegacyErrorCatalog.TokenDoesNotMatchBatch, "The sToken does not match the sinceModifiedToken.");
                }
                var match = LegacyRowFilter.Matcher(s, kind, request.Filter, since);
                batch = new LegacyBatchToken(uId, kind, s.Version.Current, since, request.Filter, 1, LegacyRowFilter.Bounds(rows, match, batchSize));
            }

            int index = first ? 1 : request.OverrideIndex ?? batch.Index;
            int total = batch.TotalBatches;
            if (index < 1 || index > total)
                throw new LegacyApiException(LegacyErrorCatalog.InvalidArgument, $"overrideIndex must be from 1 to {total}.");

            var matches = LegacyRowFilter.Matcher(s, kind, batch.Filter, batch.Since);
            bool nonNumericLicenseIds = NonNumericLicenseIds;
            w.WriteStartObject();
            WriteEnvelope(w, token);
            int written = 0;
            w.WriteStartArray(kind == LegacyBatchToken.Licenses ? "licenses" : "users");
            for (int row = batch.Bounds[index - 1]; row < batch.Bounds[index]; row++)
            {
                if (!matches(row)) continue;
                if (kind == LegacyBatchToken.Licenses)
                {
                    LegacyJson.WriteLicense(w, s, row, nonNumericLicenseIds);
                }
                else
                {
                    w.WriteStartObject();
                    LegacyJson.WriteUserMembers(w, s, row, _simulator.RootUri, includeLicenses: false, nonNumericLicenseIds);
                    w.WriteEndObject();
                }
                written++;
            }
            w.WriteEndArray();
            w.WriteNumber("batchCount", written);
            w.WriteString("totalBatchCount", total.ToString(CultureInfo.InvariantCulture));
            if (first) w.WriteNumber("totalCount", LegacyRowFilter.Count(rows, matches));
            if (index < total)
            {
                w.WriteString("batchToken", batch.ForIndex(index + 1).Encode());
            }
            else
            {
                // The last batch is the one carrying sinceModifiedToken (API §7.4); echoing a batchToken
                // here keeps clients honest about that rule.
                if (echo) w.WriteString("batchToken", request.BatchToken ?? batch.ForIndex(index).Encode());
                w.WriteString("sinceModifiedToken", LegacyBatchToken.EncodeSince(uId, kind, batch.StartVersion));
            }
            w.WriteEndObject();
        }
    }

    // ---- getVPPUserSrv ------------------------------------------------------------------

    /// <summary>One user record by userId (wins), else by clientUserIdStr (the active record, or the one with that itsIdHash).</summary>
    public void WriteOneUser(Utf8JsonWriter w, LegacyToken token, long? userId, string? clientUserId, string? itsIdHash)
    {
        var s = _state;
        lock (s.Gate)
        {
            int index = -1;
            if (!s.Emptied)
            {
                if (userId != null)
                {
                    index = s.FindUser(userId.Value);
                }
                else if (clientUserId != null)
                {
                    if (itsIdHash != null)
                    {
                        for (int i = s.Users.Count - 1; i >= 0 && index < 0; i--)
                        {
                            if (s.Users[i].ClientUserId == clientUserId && s.ItsIdHashOf(i) == itsIdHash) index = i;
                        }
                    }
                    else if (!s.ActiveUser.TryGetValue(clientUserId, out index))
                    {
                        index = -1;
                    }
                }
            }
            if (index < 0) throw new LegacyApiException(LegacyErrorCatalog.UserNotFound);
            w.WriteStartObject();
            WriteEnvelope(w, token);
            w.WriteStartObject("user");
            LegacyJson.WriteUserMembers(w, s, index, _simulator.RootUri, includeLicenses: true, NonNumericLicenseIds);
            w.WriteEndObject();
            w.WriteEndObject();
        }
    }
}
