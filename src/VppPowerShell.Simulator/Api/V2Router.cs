using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using VppPowerShell.Simulator.Events;
using VppPowerShell.Simulator.Http;
using VppPowerShell.Simulator.Json;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Api;

/// <summary>
/// Routes each HTTP request: statistics, latency and faults, method and content-type checks,
/// authentication, then the endpoint. Request bodies are read with JsonDocument (no wire
/// models shared with the client).
/// </summary>
internal sealed class V2Router
{
    private const string V2Prefix = "/mdm/v2/";
    private const string LookupPath = "/WebObjects/MZStorePlatform.woa/wa/lookup";
    private const string ShortLookupPath = "/lookup";

    private static readonly Dictionary<string, string> Routes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["service/config"] = "GET",
        ["client/config"] = "GET,POST",
        ["assets"] = "GET",
        ["assets/associate"] = "POST",
        ["assets/disassociate"] = "POST",
        ["assets/revoke"] = "POST",
        ["assignments"] = "GET",
        ["users"] = "GET",
        ["users/create"] = "POST",
        ["users/update"] = "POST",
        ["users/retire"] = "POST",
        ["status"] = "GET",
    };

    private static readonly string[] KnownNotificationTypes = { "ASSET_MANAGEMENT", "USER_MANAGEMENT", "USER_ASSOCIATED", "ASSET_COUNT" };

    private static readonly Regex EmailPattern = new Regex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant);

    private readonly ISimulatorHost _simulator;
    private readonly LegacyRouter _legacy;

    public V2Router(ISimulatorHost simulator)
    {
        _simulator = simulator;
        _legacy = new LegacyRouter(simulator);
    }

    private SimulatorOptions Options => _simulator.Options;

    public async Task HandleAsync(HttpRequestData request, HttpResponseData response)
    {
        string path = request.Path;
        if (LegacyRouter.TryMatch(path, out string legacyName))
        {
            await _legacy.HandleAsync(request, response, legacyName).ConfigureAwait(false);
            return;
        }
        string? route = null;
        bool isLookup = false, isInvitation = false;
        string endpoint;
        if (path.StartsWith(V2Prefix, StringComparison.Ordinal))
        {
            route = path.Substring(V2Prefix.Length).TrimEnd('/');
            endpoint = request.Method + " " + route;
        }
        else if (path == LookupPath || path == ShortLookupPath)
        {
            isLookup = true;
            endpoint = request.Method + " lookup";
        }
        else if (path == Wire.InvitationPath)
        {
            isInvitation = true;
            endpoint = request.Method + " invitation";
        }
        else
        {
            endpoint = request.Method + " " + path;
        }

        var stats = _simulator.Statistics;
        stats.Count(endpoint);
        SimToken? token = _simulator.FindToken(BearerOf(request));
        string? uId = token?.Location.UId;
        stats.Enter(uId);
        try
        {
            bool faultable = isLookup ? Options.Faults.ApplyToContentLookup
                : route == "service/config" ? Options.Faults.ApplyToServiceConfig
                : route != null;
            if (faultable)
            {
                var faults = Options.Faults;
                var latency = faults.Latency;
                if (latency > TimeSpan.Zero) await Task.Delay(latency).ConfigureAwait(false);
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
                if (token != null && route != "service/config")
                {
                    faults.Tick(out bool takeOwnership, out bool expireToken);
                    if (takeOwnership) token.Location.ClaimByOtherMdm(faults);
                    if (expireToken) token.ExpiresOn = DateTimeOffset.UtcNow.AddSeconds(-1);
                }
            }

            if (isLookup)
            {
                Lookup(request, response);
                return;
            }
            if (isInvitation)
            {
                Invitation(request, response);
                return;
            }
            if (route is null || !Routes.TryGetValue(route, out string? methods))
            {
                WriteError(response, 404, ErrorCatalog.InvalidArgument, "No such endpoint.", null);
                return;
            }
            try
            {
                Dispatch(route, methods, request, response);
            }
            catch (ApiException ex)
            {
                response.Body.SetLength(0);
                int status = ErrorCatalog.HttpStatus(ex.ErrorNumber);
                if (ErrorCatalog.IsAuthError(ex.ErrorNumber) && Options.AuthErrorsAsHttp200) status = 200;
                WriteError(response, status, ex.ErrorNumber, ex.Message, ex);
            }
        }
        finally
        {
            stats.Leave(uId);
        }
    }

    private void Dispatch(string route, string methods, HttpRequestData request, HttpResponseData response)
    {
        if (Array.IndexOf(methods.Split(','), request.Method) < 0)
            throw new ApiException(ErrorCatalog.MethodNotAllowed);
        bool post = request.Method == "POST";
        if (post && !IsJson(request.Header("Content-Type")))
            throw new ApiException(ErrorCatalog.UnsupportedContentType);

        if (route == "service/config")
        {
            using var sc = Writer(response);
            WriteServiceConfig(sc);
            return;
        }

        SimToken token = Authenticate(request);
        var location = token.Location;
        var query = new QueryArgs(request.Query);
        if (post && route != "client/config" && location.ReadOnly) throw new ApiException(ErrorCatalog.OperationNotAllowed);

        switch (route)
        {
            case "client/config":
                if (post) PostClientConfig(location, request);
                using (var w = Writer(response)) location.Responses.WriteClientConfig(w, token);
                return;
            case "assets":
                using (var w = Writer(response)) location.Responses.WriteAssets(w, token, query, Options.PageSize);
                return;
            case "assignments":
                using (var w = Writer(response)) location.Responses.WriteAssignments(w, token, query, Options.PageSize);
                return;
            case "users":
                using (var w = Writer(response)) location.Responses.WriteUsers(w, token, query, Options.PageSize);
                return;
            case "status":
                using (var w = Writer(response)) location.Responses.WriteStatus(w, token, query.GetNonEmpty("eventId"));
                return;
            case "assets/associate":
            case "assets/disassociate":
                {
                    var ev = ManageAssets(location, request, route == "assets/associate");
                    using var w = Writer(response);
                    location.Responses.WriteEventResponse(w, token, ev);
                    return;
                }
            case "assets/revoke":
                {
                    var ev = Revoke(location, request);
                    using var w = Writer(response);
                    location.Responses.WriteEventResponse(w, token, ev);
                    return;
                }
            default:
                {
                    string type = route == "users/create" ? "CREATE" : route == "users/update" ? "UPDATE" : "RETIRE";
                    var ev = ManageUsers(location, request, type);
                    using var w = Writer(response);
                    location.Responses.WriteEventResponse(w, token, ev);
                    return;
                }
        }
    }

    // ---- auth ----------------------------------------------------------------------------

    private static string? BearerOf(HttpRequestData request)
    {
        string? header = request.Header("Authorization");
        if (header is null || !header.StartsWith("Bearer ", StringComparison.Ordinal)) return null;
        string value = header.Substring(7).Trim();
        return value.Length == 0 ? null : value;
    }

    private SimToken Authenticate(HttpRequestData request)
    {
        string? bearer = BearerOf(request);
        if (bearer is null) throw new ApiException(ErrorCatalog.BadAuthorizationHeader);
        var token = _simulator.FindToken(bearer);
        if (token is null)
        {
            int number = Options.InvalidTokenErrorNumber;
            throw new ApiException(number == ErrorCatalog.NotAuthenticated ? ErrorCatalog.NotAuthenticated : number);
        }
        if (token.Revoked) throw new ApiException(ErrorCatalog.TokenRevoked);
        if (token.IsExpired) throw new ApiException(ErrorCatalog.TokenExpired);
        token.Location.MarkUsedViaV2();
        return token;
    }

    private static bool IsJson(string? contentType)
    {
        if (contentType is null) return false;
        int semi = contentType.IndexOf(';');
        string media = (semi < 0 ? contentType : contentType.Substring(0, semi)).Trim();
        return string.Equals(media, "application/json", StringComparison.OrdinalIgnoreCase);
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
                WriteError(response, Options.Quirks.TooManyRequestsAsHttp200 ? 200 : 429, ErrorCatalog.TooManyRequests, ErrorCatalog.Message(ErrorCatalog.TooManyRequests), null);
                if (faults.RetryAfterSeconds is int retry) response.Headers.Add(RetryAfter(retry, Options.Quirks.RetryAfterAsHttpDate));
                return;
            case SimulatedFault.ServiceUnavailable:
                WriteError(response, 503, ErrorCatalog.InternalError, ErrorCatalog.Message(ErrorCatalog.InternalError), null);
                response.Headers.Add(RetryAfter(faults.ServerErrorRetryAfterSeconds ?? faults.RetryAfterSeconds ?? 1, Options.Quirks.RetryAfterAsHttpDate));
                return;
            case SimulatedFault.BareServiceUnavailable:
                WritePlainText(response, 503, "Service Unavailable");
                response.Headers.Add(RetryAfter(faults.ServerErrorRetryAfterSeconds ?? faults.RetryAfterSeconds ?? 1, Options.Quirks.RetryAfterAsHttpDate));
                return;
            default:
                WriteError(response, 500, ErrorCatalog.InternalError, ErrorCatalog.Message(ErrorCatalog.InternalError), null);
                if (faults.ServerErrorRetryAfterSeconds is int seconds) response.Headers.Add(RetryAfter(seconds, Options.Quirks.RetryAfterAsHttpDate));
                return;
        }
    }

    /// <summary>Retry-After as delta seconds, or as an HTTP date that many seconds from now (rounded up to whole seconds).</summary>
    internal static KeyValuePair<string, string> RetryAfter(int seconds, bool asDate) =>
        new KeyValuePair<string, string>("Retry-After", asDate
            ? DateTimeOffset.UtcNow.AddSeconds(Math.Max(0, seconds) + 1).ToString("r", CultureInfo.InvariantCulture)
            : Math.Max(0, seconds).ToString(CultureInfo.InvariantCulture));

    // ---- bodies --------------------------------------------------------------------------

    private static JsonElement ParseBody(HttpRequestData request, out JsonDocument document)
    {
        try
        {
            document = JsonDocument.Parse(request.Body.Length == 0 ? new byte[] { (byte)'{', (byte)'}' } : request.Body);
        }
        catch (JsonException)
        {
            throw new ApiException(ErrorCatalog.InvalidArgument, "The request body is not valid JSON.");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new ApiException(ErrorCatalog.InvalidArgument, "The request body must be a JSON object.");
        }
        return document.RootElement;
    }

    private static string? OptionalString(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => throw new ApiException(ErrorCatalog.InvalidArgument, $"'{name}' must be a string."),
        };
    }

    /// <summary>An array of strings; missing or null = null.</summary>
    private static List<string>? StringArray(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array) throw new ApiException(ErrorCatalog.InvalidArgument, $"'{name}' must be an array.");
        var list = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            string? s = item.ValueKind == JsonValueKind.String ? item.GetString() : item.ValueKind == JsonValueKind.Number ? item.GetRawText() : null;
            if (string.IsNullOrEmpty(s)) throw new ApiException(ErrorCatalog.InvalidArgument, $"'{name}' must hold non-empty strings.");
            list.Add(s!);
        }
        return list;
    }

    private static List<string>? Duplicates(List<string> values)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        List<string>? dup = null;
        foreach (var v in values)
        {
            if (!seen.Add(v)) (dup ??= new List<string>()).Add(v);
        }
        return dup;
    }

    private EventState ManageAssets(IServedLocation location, HttpRequestData request, bool associate)
    {
        var body = ParseBody(request, out var document);
        using (document)
        {
            var limits = Options.Limits;
            var assets = new List<KeyValuePair<string, string>>();
            if (body.TryGetProperty("assets", out var assetsElement) && assetsElement.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in assetsElement.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object) throw new ApiException(ErrorCatalog.InvalidArgument, "Each asset must be an object.");
                    string? adamId = OptionalString(item, "adamId");
                    if (string.IsNullOrEmpty(adamId)) throw new ApiException(ErrorCatalog.InvalidArgument, "Each asset needs an adamId.");
                    string pricing = OptionalString(item, "pricingParam") ?? "STDQ";
                    assets.Add(new KeyValuePair<string, string>(adamId!, pricing));
                }
            }
            else if (body.TryGetProperty("assets", out assetsElement) && assetsElement.ValueKind != JsonValueKind.Null)
            {
                throw new ApiException(ErrorCatalog.InvalidArgument, "'assets' must be an array.");
            }
            var users = StringArray(body, "clientUserIds") ?? new List<string>();
            var serials = StringArray(body, "serialNumbers") ?? new List<string>();

            if (assets.Count == 0) throw new ApiException(ErrorCatalog.AssetsMissing);
            if (users.Count == 0 && serials.Count == 0) throw new ApiException(ErrorCatalog.TargetsMissing);
            if (assets.Count > limits.MaxAssets) throw new ApiException(ErrorCatalog.TooManyAssets);
            if (users.Count > limits.MaxClientUserIds) throw new ApiException(ErrorCatalog.TooManyClientUserIds);
            if (serials.Count > limits.MaxSerialNumbers) throw new ApiException(ErrorCatalog.TooManySerialNumbers);

            var seenAssets = new HashSet<string>(StringComparer.Ordinal);
            List<KeyValuePair<string, string>>? dupAssets = null;
            foreach (var a in assets)
            {
                if (!seenAssets.Add(a.Key + "\n" + a.Value)) (dupAssets ??= new List<KeyValuePair<string, string>>()).Add(a);
            }
            if (dupAssets != null) throw new ApiException(ErrorCatalog.DuplicateAssets) { Assets = dupAssets };
            var dupUsers = Duplicates(users);
            if (dupUsers != null) throw new ApiException(ErrorCatalog.DuplicateClientUserIds) { ClientUserIds = dupUsers };
            var dupSerials = Duplicates(serials);
            if (dupSerials != null) throw new ApiException(ErrorCatalog.DuplicateSerialNumbers) { SerialNumbers = dupSerials };

            if (users.Count > 0 && serials.Count > 0 && !Options.AllowUsersAndDevicesInOneRequest)
                throw new ApiException(ErrorCatalog.InvalidArgument, "Give either clientUserIds or serialNumbers, not both.");

            _simulator.Statistics.CountPairs(associate ? "associate" : "disassociate", assets.Select(a => a.Key + "|" + a.Value), users.Concat(serials));
            return location.Writes.ManageAssets(associate, assets, users, serials);
        }
    }

    private EventState Revoke(IServedLocation location, HttpRequestData request)
    {
        var body = ParseBody(request, out var document);
        using (document)
        {
            var limits = Options.Limits;
            var users = StringArray(body, "clientUserIds") ?? new List<string>();
            var serials = StringArray(body, "serialNumbers") ?? new List<string>();
            if (users.Count == 0 && serials.Count == 0) throw new ApiException(ErrorCatalog.TargetsMissing);
            if (users.Count > limits.MaxRevokeClientUserIds) throw new ApiException(ErrorCatalog.TooManyClientUserIds);
            if (serials.Count > limits.MaxRevokeSerialNumbers) throw new ApiException(ErrorCatalog.TooManySerialNumbers);
            var dupUsers = Duplicates(users);
            if (dupUsers != null) throw new ApiException(ErrorCatalog.DuplicateClientUserIds) { ClientUserIds = dupUsers };
            var dupSerials = Duplicates(serials);
            if (dupSerials != null) throw new ApiException(ErrorCatalog.DuplicateSerialNumbers) { SerialNumbers = dupSerials };
            _simulator.Statistics.CountPairs("revoke", new[] { "*" }, users.Concat(serials));
            return location.Writes.Revoke(users, serials);
        }
    }

    private EventState ManageUsers(IServedLocation location, HttpRequestData request, string type)
    {
        var body = ParseBody(request, out var document);
        using (document)
        {
            if (!body.TryGetProperty("users", out var usersElement) || usersElement.ValueKind == JsonValueKind.Null)
                throw new ApiException(ErrorCatalog.UsersMissing);
            if (usersElement.ValueKind != JsonValueKind.Array) throw new ApiException(ErrorCatalog.InvalidArgument, "'users' must be an array.");
            if (usersElement.GetArrayLength() == 0) throw new ApiException(ErrorCatalog.UsersMissing);
            if (usersElement.GetArrayLength() > Options.Limits.MaxUsers) throw new ApiException(ErrorCatalog.TooManyUsers);

            var users = new List<RequestUser>();
            foreach (var item in usersElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object) throw new ApiException(ErrorCatalog.InvalidArgument, "Each user must be an object.");
                string? clientUserId = OptionalString(item, "clientUserId");
                if (string.IsNullOrEmpty(clientUserId)) throw new ApiException(ErrorCatalog.InvalidArgument, "Each user needs a clientUserId.");
                string? email = type == "RETIRE" ? null : OptionalString(item, "email");
                string? managedAppleId = type == "RETIRE" ? null : OptionalString(item, "managedAppleId");
                users.Add(new RequestUser(clientUserId!, email, managedAppleId));
            }

            var ids = users.ConvertAll(u => u.ClientUserId);
            var dup = Duplicates(ids);
            if (dup != null) throw new ApiException(ErrorCatalog.DuplicateUsers) { ClientUserIds = dup };
            var badEmails = new List<string>();
            foreach (var u in users)
            {
                if (u.Email != null && !EmailPattern.IsMatch(u.Email)) badEmails.Add(u.ClientUserId);
            }
            if (badEmails.Count > 0) throw new ApiException(ErrorCatalog.InvalidEmail) { ClientUserIds = badEmails };

            return location.Writes.ManageUsers(type, users);
        }
    }

    private void PostClientConfig(IServedLocation location, HttpRequestData request)
    {
        var body = ParseBody(request, out var document);
        using (document)
        {
            var limits = Options.Limits;
            SimMdmInfo? mdmInfo = null;
            if (body.TryGetProperty("mdmInfo", out var mdm) && mdm.ValueKind != JsonValueKind.Null)
            {
                if (mdm.ValueKind != JsonValueKind.Object) throw new ApiException(ErrorCatalog.MdmInfoIncomplete);
                string? id = OptionalString(mdm, "id"), name = OptionalString(mdm, "name"), metadata = OptionalString(mdm, "metadata");
                if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(name) || metadata is null) throw new ApiException(ErrorCatalog.MdmInfoIncomplete);
                if (id!.Length > limits.MaxMdmIdLength) throw new ApiException(ErrorCatalog.MdmIdTooLong);
                if (name!.Length > limits.MaxMdmNameLength) throw new ApiException(ErrorCatalog.MdmNameTooLong);
                if (metadata.Length > limits.MaxMdmMetadataLength) throw new ApiException(ErrorCatalog.MdmMetadataTooLong);
                mdmInfo = new SimMdmInfo(id, name, metadata);
            }

            bool hasUrl = body.TryGetProperty("notificationUrl", out _);
            bool hasSecret = body.TryGetProperty("notificationAuthToken", out _);
            string? url = OptionalString(body, "notificationUrl");
            string? secret = OptionalString(body, "notificationAuthToken");
            if (hasUrl || hasSecret)
            {
                if (string.IsNullOrEmpty(url) != string.IsNullOrEmpty(secret)) throw new ApiException(ErrorCatalog.NotificationUrlAndTokenTogether);
                if ((url?.Length ?? 0) > limits.MaxNotificationLength || (secret?.Length ?? 0) > limits.MaxNotificationLength)
                    throw new ApiException(ErrorCatalog.NotificationTooLong);
                if (!string.IsNullOrEmpty(url)
                    && (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme != "https" || parsed.Host.Length == 0))
                    throw new ApiException(ErrorCatalog.NotificationUrlInvalid);
            }

            string[]? types = null;
            var typeList = StringArray(body, "notificationTypes");
            if (typeList != null)
            {
                foreach (var t in typeList)
                {
                    if (Array.IndexOf(KnownNotificationTypes, t) < 0) throw new ApiException(ErrorCatalog.InvalidArgument, $"Unknown notification type '{t}'.");
                }
                types = typeList.ToArray();
            }

            location.ApplyClientConfig(mdmInfo, hasUrl || hasSecret, url, secret, types);
        }
    }

    // ---- service config, lookup, invitation ---------------------------------------------

    private void WriteServiceConfig(Utf8JsonWriter w)
    {
        var limits = Options.Limits;
        string v2 = _simulator.BaseUri.AbsoluteUri;
        string root = _simulator.RootUri.AbsoluteUri;
        w.WriteStartObject();
        w.WriteStartArray("errorCodes");
        foreach (var pair in ErrorCatalog.All)
        {
            w.WriteStartObject();
            w.WriteNumber("errorNumber", pair.Key);
            w.WriteString("errorMessage", pair.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("limits");
        w.WriteNumber("maxAssets", limits.MaxAssets);
        w.WriteNumber("maxClientUserIds", limits.MaxClientUserIds);
        w.WriteNumber("maxSerialNumbers", limits.MaxSerialNumbers);
        w.WriteNumber("maxRevokeClientUserIds", limits.MaxRevokeClientUserIds);
        w.WriteNumber("maxRevokeSerialNumbers", limits.MaxRevokeSerialNumbers);
        w.WriteNumber("maxUsers", limits.MaxUsers);
        w.WriteNumber("maxNotificationLength", limits.MaxNotificationLength);
        w.WriteNumber("maxMdmIdLength", limits.MaxMdmIdLength);
        w.WriteNumber("maxMdmNameLength", limits.MaxMdmNameLength);
        w.WriteNumber("maxMdmMetadataLength", limits.MaxMdmMetadataLength);
        w.WriteEndObject();
        w.WriteStartArray("notificationTypes");
        foreach (var t in KnownNotificationTypes) w.WriteStringValue(t);
        w.WriteEndArray();
        w.WriteStartObject("urls");
        w.WriteString("getAssets", v2 + "assets");
        w.WriteString("associateAssets", v2 + "assets/associate");
        w.WriteString("disassociateAssets", v2 + "assets/disassociate");
        w.WriteString("revokeAssets", v2 + "assets/revoke");
        w.WriteString("getAssignments", v2 + "assignments");
        w.WriteString("getUsers", v2 + "users");
        w.WriteString("createUsers", v2 + "users/create");
        w.WriteString("updateUsers", v2 + "users/update");
        w.WriteString("retireUsers", v2 + "users/retire");
        w.WriteString("eventStatus", v2 + "status");
        w.WriteString("clientConfig", v2 + "client/config");
        w.WriteString("contentMetadataLookup", root + LookupPath.Substring(1));
        w.WriteString("invitationEmail", root + Wire.InvitationPath.Substring(1) + "?inviteCode=%25inviteCode%25&mt=8");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void Lookup(HttpRequestData request, HttpResponseData response)
    {
        if (request.Method != "GET")
        {
            WriteError(response, 405, ErrorCatalog.MethodNotAllowed, ErrorCatalog.Message(ErrorCatalog.MethodNotAllowed), null);
            return;
        }
        var query = new QueryArgs(request.Query);
        string cc = query.GetNonEmpty("cc") ?? "US";
        string ids = query.GetNonEmpty("id") ?? string.Empty;
        using var w = Writer(response);
        w.WriteStartObject();
        w.WriteBoolean("isAuthenticated", false);
        w.WriteStartObject("results");
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (string raw in ids.Split(','))
        {
            string id = raw.Trim();
            if (id.Length == 0 || !written.Add(id)) continue;
            var item = _simulator.Catalog.Lookup(id, cc);
            if (item is null) continue;
            w.WriteStartObject(item.Id);
            w.WriteString("id", item.Id);
            w.WriteString("name", item.Name);
            if (item.BundleId != null) w.WriteString("bundleId", item.BundleId);
            w.WriteString("kind", item.Kind);
            w.WriteString("artistName", item.ArtistName);
            w.WriteStartArray("deviceFamilies");
            foreach (var f in item.DeviceFamilies) w.WriteStringValue(f);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteNumber("version", 2);
        w.WriteEndObject();
    }

    /// <summary>The invitation page: <c>?inviteCode=…[&amp;appleId=…]</c> accepts the invitation, as a user would.</summary>
    private void Invitation(HttpRequestData request, HttpResponseData response)
    {
        var query = new QueryArgs(request.Query);
        string? code = query.GetNonEmpty("inviteCode");
        bool accepted = code != null && _simulator.AcceptInvitation(code, query.GetNonEmpty("appleId"));
        using var w = Writer(response);
        if (!accepted) response.Status = 404;
        w.WriteStartObject();
        w.WriteBoolean("accepted", accepted);
        w.WriteEndObject();
    }

    // ---- output --------------------------------------------------------------------------

    private static Utf8JsonWriter Writer(HttpResponseData response) =>
        new Utf8JsonWriter(response.Body, new JsonWriterOptions { Encoder = Wire.Encoder, SkipValidation = true });

    /// <summary>An answer without Apple's JSON: a plain-text page such as a proxy sends.</summary>
    private static void WritePlainText(HttpResponseData response, int status, string text)
    {
        response.Body.SetLength(0);
        response.Status = status;
        response.ContentType = "text/plain; charset=utf-8";
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
        response.Body.Write(bytes, 0, bytes.Length);
    }

    private static void WriteError(HttpResponseData response, int status, int number, string message, ApiException? info)
    {
        response.Body.SetLength(0);
        response.Status = status;
        using var w = Writer(response);
        w.WriteStartObject();
        w.WriteNumber("errorNumber", number);
        w.WriteString("errorMessage", message);
        if (info != null && info.HasErrorInfo)
        {
            w.WriteStartObject("errorInfo");
            if (info.Assets != null)
            {
                w.WriteStartArray("assets");
                foreach (var a in info.Assets) LocationJson.WriteAssetKey(w, a.Key, a.Value);
                w.WriteEndArray();
            }
            if (info.ClientUserIds != null) Wire.WriteStrings(w, "clientUserIds", info.ClientUserIds);
            if (info.SerialNumbers != null) Wire.WriteStrings(w, "serialNumbers", info.SerialNumbers);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}
