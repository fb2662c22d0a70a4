using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace VppPowerShell.Core.Apple.Legacy;

/// <summary>
/// Reads a legacy VPP account through Apple's v1 service (API §13) and hands back what a migration
/// needs in v2 terms (API §14.2): its license assignments, users and license pools. Licenses and
/// users stream batch by batch (a few batches in memory at a time, whatever the account's size), in
/// the fewest requests the batching allows, with up to 5 requests in flight. Retries honour
/// <c>Retry-After</c> (HTTP 503, 9646, 9603); Apple's errors surface as
/// <see cref="AppleServiceException"/> with the ids of <see cref="LegacyAppleErrors"/>.
/// Thread-safe; one instance per token.
/// </summary>
/// <example>
/// <code>
/// var reader = await LegacyAccountReader.ConnectAsync(LegacyAccountReader.AppleServiceConfigUrl, File.ReadAllText(path));
/// var assets = await reader.ReadAssetsAsync();
/// await reader.ReadAssignmentsAsync(batch => planner.AddAsync(batch));
/// </code>
/// </example>
public sealed class LegacyAccountReader
{
    private readonly LegacyServiceClient client;

    private LegacyAccountReader(LegacyServiceClient client, LegacyClientConfig clientConfig)
    {
        this.client = client;
        ClientConfig = clientConfig;
    }

    /// <summary>Apple's v1 service configuration (API §13.1).</summary>
    public static Uri AppleServiceConfigUrl { get; } = new("https://vpp.itunes.apple.com/mdm/VPPServiceConfigSrv");

    /// <summary>The client config read when connecting (or by the latest <see cref="GetClientConfigAsync"/>).</summary>
    public LegacyClientConfig ClientConfig { get; private set; }

    /// <summary>HTTP requests sent so far, retries included.</summary>
    public long Requests => client.Requests;

    /// <summary>
    /// Reads Apple's v1 service configuration at <paramref name="serviceConfigUrl"/> and the token's
    /// client config, which proves the token works (an expired, revoked or unknown token fails here
    /// with <c>AppleLegacyTokenExpired</c>, <c>AppleLegacyTokenRevoked</c> or <c>AppleLegacyTokenInvalid</c>).
    /// </summary>
    /// <param name="serviceConfigUrl">Usually <see cref="AppleServiceConfigUrl"/>; https, or http on loopback (a simulator).</param>
    /// <param name="tokenFileContent">The whole .vpptoken file content (trailing whitespace is ignored).</param>
    /// <param name="options">Retries and timeouts; <see cref="AppleClientOptions.Default"/> when null.</param>
    /// <param name="cancellation">Stops the calls.</param>
    public static async Task<LegacyAccountReader> ConnectAsync(Uri serviceConfigUrl, string tokenFileContent, AppleClientOptions? options = null,
        CancellationToken cancellation = default)
    {
        if (serviceConfigUrl is null) throw new ArgumentNullException(nameof(serviceConfigUrl));
        if (!serviceConfigUrl.IsAbsoluteUri)
        {
            throw new VppException(VppErrorIds.InvalidServiceUrl, VppErrorCategory.InvalidArgument,
                $"'{serviceConfigUrl}' is not an absolute URL.", target: serviceConfigUrl.ToString(),
                recommendedAction: $"Use Apple's legacy service configuration, {AppleServiceConfigUrl}.");
        }

        LegacyServiceClient.RequireSafe(serviceConfigUrl, "service configuration");
        var credential = tokenFileContent?.Trim();
        if (string.IsNullOrEmpty(credential))
        {
            throw new VppException(VppErrorIds.TokenFileEmpty, VppErrorCategory.InvalidArgument, "The legacy token is empty.",
                recommendedAction: "Give the whole content of the legacy .vpptoken file.");
        }

        var client = new LegacyServiceClient(serviceConfigUrl, credential!, GateKey(credential!), options ?? AppleClientOptions.Default);
        await client.GetServiceConfigAsync(refresh: false, cancellation).ConfigureAwait(false);
        var config = Map(await client.GetClientConfigAsync(cancellation).ConfigureAwait(false));
        return new LegacyAccountReader(client, config);
    }

    /// <summary>Apple's v1 service configuration (cached; re-read every 5 minutes).</summary>
    public async Task<LegacyServiceConfig> GetServiceConfigAsync(CancellationToken cancellation = default)
    {
        var config = await client.GetServiceConfigAsync(refresh: false, cancellation).ConfigureAwait(false);
        var urls = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Url(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) urls[name] = value!;
        }

        Url("clientConfigSrvUrl", config.ClientConfigSrvUrl);
        Url("getVPPAssetsSrvUrl", config.GetVPPAssetsSrvUrl);
        Url("getLicensesSrvUrl", config.GetLicensesSrvUrl);
        Url("getUsersSrvUrl", config.GetUsersSrvUrl);
        Url("getUserSrvUrl", config.GetUserSrvUrl);
        if (config.Other != null)
        {
            foreach (var member in config.Other)
            {
                if (member.Key.EndsWith("Url", StringComparison.Ordinal) && member.Value.ValueKind == JsonValueKind.String) Url(member.Key, member.Value.GetString());
            }
        }

        var errors = new SortedDictionary<int, string>();
        foreach (var code in config.ErrorCodes ?? new List<LegacyErrorCodeWire>())
        {
            if (code.ErrorNumber is { } number) errors[number] = code.ErrorMessage ?? string.Empty;
        }

        return new LegacyServiceConfig(urls, config.MaxBatchAssociateLicenseCount, config.MaxBatchDisassociateLicenseCount, errors);
    }

    /// <summary>Reads the token's client config again (clientContext, account, expiry).</summary>
    public async Task<LegacyClientConfig> GetClientConfigAsync(CancellationToken cancellation = default)
    {
        var config = Map(await client.GetClientConfigAsync(cancellation).ConfigureAwait(false));
        ClientConfig = config;
        return config;
    }

    /// <summary>
    /// Stores <paramref name="context"/> as the token's clientContext (API §12.2: claim the token for
    /// this system). It overwrites whatever another system stored: check <see cref="ClientConfig"/> first.
    /// </summary>
    public async Task<LegacyClientConfig> SetClientContextAsync(LegacyClientContext context, CancellationToken cancellation = default)
    {
        if (context is null) throw new ArgumentNullException(nameof(context));
        var json = context.ToJson();
        if (Encoding.UTF8.GetByteCount(json) >= 256)
        {
            throw new VppException(VppErrorIds.AppleLegacyClientContextTooLong, VppErrorCategory.InvalidArgument,
                "The client context must be shorter than 256 bytes (Apple's limit).", target: context.Hostname,
                recommendedAction: "Use a shorter host name.");
        }

        var config = Map(await client.SetClientContextAsync(json, cancellation).ConfigureAwait(false));
        ClientConfig = config;
        return config;
    }

    /// <summary>Every license pool with its counts (<c>getVPPAssetsSrv</c> with <c>includeLicenseCounts</c>).</summary>
    public async Task<IReadOnlyList<LegacyAsset>> ReadAssetsAsync(CancellationToken cancellation = default)
    {
        var answer = await client.GetAssetsAsync(cancellation).ConfigureAwait(false);
        var assets = new List<LegacyAsset>(answer.Assets?.Count ?? 0);
        foreach (var a in answer.Assets ?? new List<LegacyAssetWire>())
        {
            var adamId = a.AdamIdStr ?? a.AdamId?.ToString(CultureInfo.InvariantCulture) ?? throw Unreadable("an asset without adamIdStr");
            int total = a.TotalCount ?? (a.AssignedCount ?? 0) + (a.AvailableCount ?? 0);
            assets.Add(new LegacyAsset(adamId, PricingOf(a.PricingParam), ProductTypeOf(a.ProductTypeId, a.ProductTypeName), a.ProductTypeId,
                a.ProductTypeName, a.IsIrrevocable ?? false, a.DeviceAssignable ?? false, a.AssignedCount ?? 0,
                a.AvailableCount ?? Math.Max(0, total - (a.AssignedCount ?? 0)), a.RetiredCount ?? 0, total));
        }

        return assets;
    }

    /// <summary>
    /// Streams every assignment (associated license) of the account in v2 terms, batch by batch, in
    /// the order Apple lists them. Uses <c>assignedOnly</c> (lighter for Apple, as it recommends).
    /// </summary>
    /// <param name="onBatch">Called once per batch, one call at a time, in order; the list is the caller's to keep or drop.</param>
    /// <param name="cancellation">Stops the read.</param>
    public Task<LegacyReadResult> ReadAssignmentsAsync(Func<IReadOnlyList<LegacyAssignment>, Task> onBatch, CancellationToken cancellation = default)
    {
        if (onBatch is null) throw new ArgumentNullException(nameof(onBatch));
        return ReadLicensesCoreAsync(assignedOnly: true, sinceModifiedToken: null, licenses =>
        {
            var batch = new List<LegacyAssignment>(licenses.Count);
            foreach (var license in licenses)
            {
                if (license.ToAssignment() is { } assignment) batch.Add(assignment);
            }

            return onBatch(batch);
        }, cancellation);
    }

    /// <summary>
    /// Streams the account's licenses as Apple lists them (available and refunded ones too unless
    /// <paramref name="assignedOnly"/>). With <paramref name="sinceModifiedToken"/> (from an earlier
    /// <see cref="LegacyReadResult"/>) only licenses changed since that read started are listed, in
    /// their current state — a released license shows as Available.
    /// </summary>
    public Task<LegacyReadResult> ReadLicensesAsync(Func<IReadOnlyList<LegacyLicense>, Task> onBatch, bool assignedOnly = false,
        string? sinceModifiedToken = null, CancellationToken cancellation = default)
    {
        if (onBatch is null) throw new ArgumentNullException(nameof(onBatch));
        return ReadLicensesCoreAsync(assignedOnly, sinceModifiedToken, onBatch, cancellation);
    }

    /// <summary>
    /// Streams the account's user records (retired ones too unless <paramref name="includeRetired"/>
    /// is false), batch by batch. With <paramref name="sinceModifiedToken"/>, only records changed since.
    /// </summary>
    public Task<LegacyReadResult> ReadUsersAsync(Func<IReadOnlyList<LegacyUser>, Task> onBatch, bool includeRetired = true,
        string? sinceModifiedToken = null, CancellationToken cancellation = default)
    {
        if (onBatch is null) throw new ArgumentNullException(nameof(onBatch));
        return LegacyBatchReader.ReadAllAsync(
            (batchToken, overrideIndex, token) => client.GetUsersAsync(() => new LegacyUsersRequest
            {
                BatchToken = batchToken,
                OverrideIndex = overrideIndex,
                SinceModifiedToken = batchToken is null ? sinceModifiedToken : null,
                IncludeRetired = batchToken is null ? (includeRetired ? 1 : 0) : null,
            }, token),
            batch =>
            {
                var users = new List<LegacyUser>(batch.Count);
                foreach (var u in batch.Users ?? new List<LegacyUserWire>())
                {
                    var userId = u.UserId ?? ParseLong(u.UserIdStr) ?? throw Unreadable("a user without userId");
                    users.Add(new LegacyUser(userId, u.ClientUserIdStr, u.Email, u.Status ?? "Registered", u.ItsIdHash, u.InviteCode, u.ManagedAppleIdStr));
                }

                return onBatch(users);
            },
            "POST getVPPUsersSrv", cancellation);
    }

    private Task<LegacyReadResult> ReadLicensesCoreAsync(bool assignedOnly, string? sinceModifiedToken,
        Func<IReadOnlyList<LegacyLicense>, Task> onBatch, CancellationToken cancellation) =>
        LegacyBatchReader.ReadAllAsync(
            (batchToken, overrideIndex, token) => client.GetLicensesAsync(() => new LegacyLicensesRequest
            {
                BatchToken = batchToken,
                OverrideIndex = overrideIndex,
                // A batchToken carries the query; the first call says what to list.
                SinceModifiedToken = batchToken is null ? sinceModifiedToken : null,
                AssignedOnly = batchToken is null && assignedOnly ? true : null,
            }, token),
            batch =>
            {
                var licenses = new List<LegacyLicense>(batch.Count);
                foreach (var l in batch.Licenses ?? new List<LegacyLicenseWire>()) licenses.Add(Map(l));
                return onBatch(licenses);
            },
            "POST getVPPLicensesSrv", cancellation);

    // ---- mapping (API §14.2) ------------------------------------------------------------------

    private static LegacyLicense Map(LegacyLicenseWire l)
    {
        var licenseId = NonEmpty(l.LicenseIdStr) ?? LicenseIdText(l.LicenseId) ?? throw Unreadable("a license without licenseIdStr");
        var adamId = l.AdamIdStr ?? l.AdamId?.ToString(CultureInfo.InvariantCulture) ?? throw Unreadable("a license without adamIdStr");
        var status = l.Status
            ?? (l.ClientUserIdStr != null || l.SerialNumber != null || l.UserId != null ? "Associated" : "Available");
        return new LegacyLicense(licenseId, adamId, PricingOf(l.PricingParam), l.ProductTypeId, l.ProductTypeName,
            ProductTypeOf(l.ProductTypeId, l.ProductTypeName), l.IsIrrevocable ?? false, status,
            l.UserId ?? ParseLong(l.UserIdStr), NullIfEmpty(l.ClientUserIdStr), NullIfEmpty(l.ItsIdHash), NullIfEmpty(l.SerialNumber));
    }

    private static LegacyClientConfig Map(LegacyClientConfigResponse c)
    {
        string? organizationId = c.OrganizationId is { } id
            ? id.ValueKind == JsonValueKind.String ? id.GetString() : id.ValueKind == JsonValueKind.Number ? id.GetRawText() : null
            : null;
        DateTimeOffset? expires = c.ExpirationMillis is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        return new LegacyClientConfig(NullIfEmpty(c.ClientContext), c.AppleId, c.Email, c.CountryCode, c.DefaultPlatform, organizationId,
            c.OrganizationIdHash, c.UId, c.Location?.LocationId, c.Location?.LocationName, expires);
    }

    /// <summary>7 (macOS software) and 8 (App Store app) → App; 10 → Book; unknown ids judged by name.</summary>
    internal static string ProductTypeOf(int? productTypeId, string? productTypeName) => productTypeId switch
    {
        10 => "Book",
        7 or 8 => "App",
        _ => productTypeName != null && (productTypeName.IndexOf("Publication", StringComparison.OrdinalIgnoreCase) >= 0
            || productTypeName.IndexOf("Book", StringComparison.OrdinalIgnoreCase) >= 0) ? "Book" : "App",
    };

    private static string PricingOf(string? pricingParam) => string.IsNullOrEmpty(pricingParam) ? "STDQ" : pricingParam!;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static long? ParseLong(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static VppException Unreadable(string what) =>
        new(VppErrorIds.AppleAnswerUnreadable, VppErrorCategory.InvalidData, $"Apple's legacy service listed {what}.",
            recommendedAction: "Try again; if it persists, report it with the request details.");

    /// <summary>
    /// Requests of one token share one gate whatever client makes them: the same key as the v2 client's
    /// (the token file's fingerprint), or a hash of the content when it is not a standard token file.
    /// </summary>
    private static string GateKey(string credential)
    {
        try
        {
            return Tokens.TokenFile.Parse(credential, "the legacy token").Fingerprint;
        }
        catch (VppException)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(credential));
            var text = new StringBuilder("legacy:", 7 + 64);
            foreach (var b in hash) text.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return text.ToString();
        }
    }

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary><c>licenseId</c> as text, whether Apple sent a number or a string.</summary>
    private static string? LicenseIdText(System.Text.Json.JsonElement? id) => id?.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Number => id.Value.GetRawText(),
        System.Text.Json.JsonValueKind.String => NonEmpty(id.Value.GetString()),
        _ => null,
    };
}
