using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using VppPowerShell.Simulator.Http;
using VppPowerShell.Simulator.Listing;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Api;

/// <summary>
/// The legacy v1 face (API §13): <c>/mdm/&lt;name&gt;</c>, JSON bodies carrying <c>sToken</c>,
/// answers with <c>status</c> 0 / -1 and <c>errorNumber</c>/<c>errorMessage</c> (HTTP 200), HTTP 503
/// with <c>Retry-After</c> when overloaded. Statistics keys are the method and the name, e.g.
/// <c>"POST getVPPLicensesSrv"</c>.
/// </summary>
internal sealed class LegacyRouter
{
    public const string ServiceConfig = "VPPServiceConfigSrv";
    public const string ClientConfig = "VPPClientConfigSrv";
    public const string Assets = "getVPPAssetsSrv";
    public const string Licenses = "getVPPLicensesSrv";
    public const string Users = "getVPPUsersSrv";
    public const string User = "getVPPUserSrv";
    public const string AssociateLicense = "associateLicenseSrv";
    public const string DisassociateLicense = "disassociateLicenseSrv";

    private const string Prefix = "/mdm/";
    private const string V2Prefix = "/mdm/v2/";
    private const string OldServiceConfigPath = "/WebObjects/MZFinance.woa/wa/VPPServiceConfigSrv";

    private static readonly HashSet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        ServiceConfig, ClientConfig, Assets, Licenses, Users, User, AssociateLicense, DisassociateLicense,
    };

    private readonly ISimulatorHost _simulator;

    public LegacyRouter(ISimulatorHost simulator) => _simulator = simulator;

    private SimulatorOptions Options => _simulator.Options;

    /// <summary>Whether a path is the legacy face's; <paramref name="name"/> is the endpoint name.</summary>
    public static bool TryMatch(string path, out string name)
    {
        name = string.Empty;
        if (path == OldServiceConfigPath)
        {
            name = ServiceConfig;
            return true;
        }
        if (!path.StartsWith(Prefix, StringComparison.Ordinal) || path.StartsWith(V2Prefix, StringComparison.Ordinal)) return false;
        string rest = path.Substring(Prefix.Length).TrimEnd('/');
        if (rest.Length == 0 || rest.IndexOf('/') >= 0 || rest == "v2") return false;
        name = rest;
        return true;
    }

    public async Task HandleAsync(HttpRequestData request, HttpResponseData response, string name)
    {
        var stats = _simulator.Statistics;
        stats.Count(request.Method + " " + name);

        JsonDocument? document = null;
        bool bodyValid = TryParseBody(request, out document);
        try
        {
            JsonElement body = document?.RootElement ?? default;
            string? sToken = bodyValid ? OptionalString(body, "sToken")?.Trim() : null;
            LegacyToken? legacy = _simulator.FindLegacyToken(sToken);
            SimToken? location = legacy is null ? _simulator.FindToken(sToken) : null;
            string? uId = legacy?.Account.UId ?? location?.Location.UId;

            stats.Enter(uId);
            try
            {
                bool faultable = name != ServiceConfig || Options.Faults.ApplyToServiceConfig;
                if (faultable)
                {
                    var faults = Options.Faults;
                    if (faults.Latency > TimeSpan.Zero) await Task.Delay(faults.Latency).ConfigureAwait(false);
                    var fault = faults.NextFault();
                    if (fault == SimulatedFault.DropResponse)
                    {
                        response.Abort = true; // decided now, applied after the request is processed
                    }
                    else if (fault != null)
                    {
                        ApplyFault(fault.Value, response);
                        return;
                    }
                    if ((legacy != null || location != null) && name != ServiceConfig)
                    {
                        faults.Tick(out bool takeOwnership, out bool expireToken);
                        if (takeOwnership)
                        {
                            if (legacy != null) legacy.Account.ClaimByOtherMdm(faults);
                            else location!.Location.ClaimByOtherMdm(faults);
                        }
                        if (expireToken)
                        {
                            if (legacy != null) legacy.ExpiresOn = DateTimeOffset.UtcNow.AddSeconds(-1);
                            else location!.ExpiresOn = DateTimeOffset.UtcNow.AddSeconds(-1);
                        }
                    }
                }

                try
                {
                    Dispatch(name, request, response, bodyValid, body, sToken, legacy, location);
                }
                catch (LegacyApiException ex)
                {
                    WriteError(response, 200, ex.ErrorNumber, ex.Message);
                }
            }
            finally
            {
                stats.Leave(uId);
            }
        }
        finally
        {
            document?.Dispose();
        }
    }

    private void Dispatch(string name, HttpRequestData request, HttpResponseData response, bool bodyValid, JsonElement body,
        string? sToken, LegacyToken? legacy, SimToken? location)
    {
        if (!Known.Contains(name))
        {
            WriteError(response, 404, LegacyErrorCatalog.InvalidArgument, "No such endpoint.");
            return;
        }
        if (name == ServiceConfig)
        {
            if (request.Method != "GET" && request.Method != "POST")
            {
                WriteError(response, 405, LegacyErrorCatalog.InvalidArgument, "Use GET or POST.");
                return;
            }
            using var w = Writer(response);
            WriteServiceConfig(w);
            return;
        }
        if (request.Method != "POST")
        {
            WriteError(response, 405, LegacyErrorCatalog.InvalidArgument, "Use POST with a JSON body.");
            return;
        }
        if (!bodyValid) throw new LegacyApiException(LegacyErrorCatalog.InvalidArgument, "The request body must be a JSON object.");
        if (name == AssociateLicense || name == DisassociateLicense) throw new LegacyApiException(LegacyErrorCatalog.ServiceRemoved);

        if (string.IsNullOrEmpty(sToken)) throw new LegacyApiException(LegacyErrorCatalog.MissingArgument, "sToken is required.");
        if (legacy is null && location is null) throw new LegacyApiException(LegacyErrorCatalog.InvalidToken);
        if (legacy != null ? legacy.Revoked : location!.Revoked) throw new LegacyApiException(LegacyErrorCatalog.TokenRevoked);
        if (legacy != null ? legacy.IsExpired : location!.IsExpired) throw new LegacyApiException(LegacyErrorCatalog.TokenExpired);

        if (legacy is null)
        {
            if (name != ClientConfig)
                throw new LegacyApiException(LegacyErrorCatalog.InvalidArgument, "The simulator answers v1 calls made with a location token on VPPClientConfigSrv only.");
            using var lw = Writer(response);
            WriteLocationClientConfig(lw, location!);
            return;
        }

        var account = legacy.Account;
        using var writer = Writer(response);
        switch (name)
        {
            case ClientConfig:
                {
                    bool set = body.TryGetProperty("clientContext", out var value) && value.ValueKind != JsonValueKind.Null;
                    string? context = set ? OptionalString(body, "clientContext") : null;
                    if (context != null && Encoding.UTF8.GetByteCount(context) >= 256)
                        throw new LegacyApiException(LegacyErrorCatalog.InvalidArgument, "clientContext must be shorter than 256 bytes.");
                    account.Responses.WriteClientConfig(writer, legacy, set, context, Bool(body, "verbose"));
                    return;
                }
            case Assets:
                account.Responses.WriteAssets(writer, legacy, Bool(body, "includeLicenseCounts"), OptionalString(body, "pricingParam"));
                return;
            case Licenses:
                account.Responses.WriteLicenses(writer, legacy, new BatchRequest
                {
                    BatchToken = NonEmpty(OptionalString(body, "batchToken")),
                    SinceModifiedToken = NonEmpty(OptionalString(body, "sinceModifiedToken")),
                    OverrideIndex = OptionalInt(body, "overrideIndex"),
                    Filter = BatchRequest.LicenseFilter(
                        NonEmpty(OptionalString(body, "adamId") ?? OptionalString(body, "adamIdStr")),
                        NonEmpty(OptionalString(body, "pricingParam")),
                        NonEmpty(OptionalString(body, "serialNumber")),
                        Bool(body, "assignedOnly"), Bool(body, "userAssignedOnly"), Bool(body, "deviceAssignedOnly")),
                }, Options.Legacy.BatchSize, Options.Legacy.BatchTokenOnLastBatch);
                return;
            case Users:
                account.Responses.WriteUsers(writer, legacy, new BatchRequest
                {
                    BatchToken = NonEmpty(OptionalString(body, "batchToken")),
                    SinceModifiedToken = NonEmpty(OptionalString(body, "sinceModifiedToken")),
                    OverrideIndex = OptionalInt(body, "overrideIndex"),
                    Filter = BatchRequest.UserFilter(Bool(body, "includeRetired"), Bool(body, "includeRetiredOnly")),
                }, Options.Legacy.BatchSize, Options.Legacy.BatchTokenOnLastBatch);
                return;
            default: // User
                {
                    long? userId = OptionalLong(body, "userId");
                    string? clientUserId = NonEmpty(OptionalString(body, "clientUserIdStr"));
                    if (userId is null && clientUserId is null)
                        throw new LegacyApiException(LegacyErrorCatalog.MissingArgument, "Give userId or clientUserIdStr.");
                    account.Responses.WriteOneUser(writer, legacy, userId, clientUserId, NonEmpty(OptionalString(body, "itsIdHash")));
                    return;
                }
        }
    }

    // ---- faults --------------------------------------------------------------------------

    private void ApplyFault(SimulatedFault fault, HttpResponseData response)
    {
        var faults = Options.Faults;
        switch (fault)
        {
            case SimulatedFault.DropConnection:
                response.Abort = true;
                return;
            case SimulatedFault.TooManyRequests:
                WriteError(response, Options.Quirks.TooManyRequestsAsHttp200 ? 200 : 503, LegacyErrorCatalog.TooManyRequests, LegacyErrorCatalog.Message(LegacyErrorCatalog.TooManyRequests));
                if (faults.RetryAfterSeconds is int retry) response.Headers.Add(RetryAfter(retry));
                return;
            case SimulatedFault.ServiceUnavailable:
            case SimulatedFault.BareServiceUnavailable:
                {
                    response.Body.SetLength(0);
                    response.Status = 503;
                    response.ContentType = "text/plain; charset=utf-8";
                    byte[] text = Encoding.UTF8.GetBytes("Service Unavailable");
                    response.Body.Write(text, 0, text.Length);
                    response.Headers.Add(RetryAfter(faults.ServerErrorRetryAfterSeconds ?? faults.RetryAfterSeconds ?? 1));
                    return;
                }
            default:
                WriteError(response, 200, LegacyErrorCatalog.InternalError, LegacyErrorCatalog.Message(LegacyErrorCatalog.InternalError));
                if (faults.ServerErrorRetryAfterSeconds is int seconds) response.Headers.Add(RetryAfter(seconds));
                return;
        }
    }

    private KeyValuePair<string, string> RetryAfter(int seconds) => V2Router.RetryAfter(seconds, Options.Quirks.RetryAfterAsHttpDate);

    // ---- service config, location client config -------------------------------------------

    private void WriteServiceConfig(Utf8JsonWriter w)
    {
        string mdm = _simulator.LegacyBaseUri.AbsoluteUri;
        string root = _simulator.RootUri.AbsoluteUri;
        var legacy = Options.Legacy;
        w.WriteStartObject();
        w.WriteNumber("status", 0);
        w.WriteString("clientConfigSrvUrl", mdm + ClientConfig);
        w.WriteString("getVPPAssetsSrvUrl", mdm + Assets);
        w.WriteString("getLicensesSrvUrl", mdm + Licenses);
        w.WriteString("getUsersSrvUrl", mdm + Users);
        w.WriteString("getUserSrvUrl", mdm + User);
        w.WriteString("associateLicenseSrvUrl", mdm + AssociateLicense);
        w.WriteString("disassociateLicenseSrvUrl", mdm + DisassociateLicense);
        w.WriteString("contentMetadataLookupUrl", _simulator.ContentLookupUri.AbsoluteUri);
        w.WriteString("invitationEmailUrl", root + Wire.InvitationPath.Substring(1) + "?inviteCode=%inviteCode%&mt=8");
        w.WriteString("vppWebsiteUrl", "https://vpp.itunes.apple.com/");
        w.WriteNumber("maxBatchAssociateLicenseCount", legacy.MaxBatchAssociateLicenseCount);
        w.WriteNumber("maxBatchDisassociateLicenseCount", legacy.MaxBatchDisassociateLicenseCount);
        w.WriteStartArray("errorCodes");
        foreach (var pair in LegacyErrorCatalog.All)
        {
            w.WriteStartObject();
            w.WriteString("errorMessage", pair.Value);
            w.WriteNumber("errorNumber", pair.Key);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>v1 client config read with a location token: its location, and "token being used in v2" once v2 served it (API §12.1).</summary>
    private static void WriteLocationClientConfig(Utf8JsonWriter w, SimToken token)
    {
        var location = token.Location;
        w.WriteStartObject();
        w.WriteNumber("status", 0);
        w.WriteString("uId", location.UId);
        w.WriteNumber("expirationMillis", token.ExpiresOn.ToUnixTimeMilliseconds());
        if (location.UsedViaV2) w.WriteString("clientContext", LegacyAccountState.UsedInV2ClientContext);
        w.WriteStartObject("location");
        w.WriteNumber("locationId", long.Parse(location.UId, CultureInfo.InvariantCulture) % 1000000007L);
        w.WriteString("locationName", location.LocationName);
        w.WriteEndObject();
        w.WriteString("countryCode", location.CountryCode);
        w.WriteString("defaultPlatform", location.DefaultPlatform);
        w.WriteEndObject();
    }

    // ---- bodies --------------------------------------------------------------------------

    /// <summary>An empty body reads as {}; anything but a JSON object is invalid.</summary>
    private static bool TryParseBody(HttpRequestData request, out JsonDocument? document)
    {
        document = null;
        try
        {
            document = JsonDocument.Parse(request.Body.Length == 0 ? new byte[] { (byte)'{', (byte)'}' } : request.Body);
        }
        catch (JsonException)
        {
            return false;
        }
        if (document.RootElement.ValueKind == JsonValueKind.Object) return true;
        document.Dispose();
        document = null;
        return false;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string? OptionalString(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => throw new LegacyApiException(LegacyErrorCatalog.InvalidArgument, $"'{name}' must be a string."),
        };
    }

    private static int? OptionalInt(JsonElement obj, string name)
    {
        string? text = OptionalString(obj, name);
        if (string.IsNullOrEmpty(text)) return null;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n))
            throw new LegacyApiException(LegacyErrorCatalog.InvalidArgument, $"'{name}' must be an integer.");
        return n;
    }

    private static long? OptionalLong(JsonElement obj, string name)
    {
        string? text = OptionalString(obj, name);
        if (string.IsNullOrEmpty(text)) return null;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
            throw new LegacyApiException(LegacyErrorCatalog.InvalidArgument, $"'{name}' must be an integer.");
        return n;
    }

    /// <summary>true/false, 1/0 or "true"/"false"/"1"/"0"; missing or null = false.</summary>
    private static bool Bool(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var value)) return false;
        switch (value.ValueKind)
        {
            case JsonValueKind.True: return true;
            case JsonValueKind.False:
            case JsonValueKind.Null: return false;
            case JsonValueKind.Number when value.TryGetInt32(out int n) && (n == 0 || n == 1): return n == 1;
            case JsonValueKind.String:
                string s = value.GetString()!;
                if (s == "1" || string.Equals(s, "true", StringComparison.OrdinalIgnoreCase)) return true;
                if (s == "0" || string.Equals(s, "false", StringComparison.OrdinalIgnoreCase)) return false;
                break;
        }
        throw new LegacyApiException(LegacyErrorCatalog.InvalidArgument, $"'{name}' must be true or false.");
    }

    // ---- output --------------------------------------------------------------------------

    private static Utf8JsonWriter Writer(HttpResponseData response) =>
        new Utf8JsonWriter(response.Body, new JsonWriterOptions { Encoder = Wire.Encoder, SkipValidation = true });

    private static void WriteError(HttpResponseData response, int status, int number, string message)
    {
        response.Body.SetLength(0);
        response.Status = status;
        using var w = Writer(response);
        w.WriteStartObject();
        w.WriteNumber("status", -1);
        w.WriteNumber("errorNumber", number);
        w.WriteString("errorMessage", message);
        w.WriteEndObject();
    }
}
