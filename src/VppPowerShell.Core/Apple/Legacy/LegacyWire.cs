using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VppPowerShell.Core.Apple.Legacy;

// Apple's legacy v1 JSON (API §13). Read with WireJson.Options: case-insensitive names, numbers
// also from strings (totalBatchCount is a string), unknown members ignored.

/// <summary>Members every v1 answer may carry (API §13.1).</summary>
internal class LegacyEnvelope
{
    /// <summary>0 = success, -1 = failure.</summary>
    public int? Status { get; set; }

    public int? ErrorNumber { get; set; }

    public string? ErrorMessage { get; set; }

    public string? ClientContext { get; set; }

    /// <summary>Epoch milliseconds when the token (or the account's password) expires.</summary>
    public long? ExpirationMillis { get; set; }

    /// <summary>Only within 15 days of expiry.</summary>
    public string? TokenExpDate { get; set; }

    public LegacyLocationWire? Location { get; set; }

    public string? UId { get; set; }
}

internal sealed class LegacyLocationWire
{
    public long? LocationId { get; set; }

    public string? LocationName { get; set; }
}

internal sealed class LegacyServiceConfigResponse : LegacyEnvelope
{
    public string? ClientConfigSrvUrl { get; set; }

    public string? GetVPPAssetsSrvUrl { get; set; }

    public string? GetLicensesSrvUrl { get; set; }

    public string? GetUsersSrvUrl { get; set; }

    public string? GetUserSrvUrl { get; set; }

    public int? MaxBatchAssociateLicenseCount { get; set; }

    public int? MaxBatchDisassociateLicenseCount { get; set; }

    public List<LegacyErrorCodeWire>? ErrorCodes { get; set; }

    /// <summary>Every other member (the URLs this client does not call, among others).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; set; }
}

internal sealed class LegacyErrorCodeWire
{
    public int? ErrorNumber { get; set; }

    public string? ErrorMessage { get; set; }
}

internal sealed class LegacyClientConfigResponse : LegacyEnvelope
{
    public string? AppleId { get; set; }

    public string? Email { get; set; }

    public string? CountryCode { get; set; }

    public string? DefaultPlatform { get; set; }

    /// <summary>A number in Apple's answers; kept whole whatever its JSON type.</summary>
    public JsonElement? OrganizationId { get; set; }

    public string? OrganizationIdHash { get; set; }
}

internal sealed class LegacyAssetsResponse : LegacyEnvelope
{
    public List<LegacyAssetWire>? Assets { get; set; }

    public int? TotalCount { get; set; }
}

internal sealed class LegacyAssetWire
{
    public string? AdamIdStr { get; set; }

    public long? AdamId { get; set; }

    public string? PricingParam { get; set; }

    public int? ProductTypeId { get; set; }

    public string? ProductTypeName { get; set; }

    public bool? IsIrrevocable { get; set; }

    public bool? DeviceAssignable { get; set; }

    public int? AssignedCount { get; set; }

    public int? AvailableCount { get; set; }

    public int? RetiredCount { get; set; }

    public int? TotalCount { get; set; }
}

/// <summary>The batching members of getVPPLicensesSrv and getVPPUsersSrv (API §7.4).</summary>
internal abstract class LegacyBatch : LegacyEnvelope
{
    public string? BatchToken { get; set; }

    public string? SinceModifiedToken { get; set; }

    public int? BatchCount { get; set; }

    /// <summary>A string in Apple's answers ("3"); read either way.</summary>
    public int? TotalBatchCount { get; set; }

    /// <summary>An estimate, on the first call only.</summary>
    public int? TotalCount { get; set; }

    public abstract int Count { get; }
}

internal sealed class LegacyLicensesResponse : LegacyBatch
{
    public List<LegacyLicenseWire>? Licenses { get; set; }

    public override int Count => Licenses?.Count ?? 0;
}

internal sealed class LegacyLicenseWire
{
    /// <summary>A number in Apple's examples, text in some answers: kept as Apple sent it, never parsed as a number.</summary>
    public System.Text.Json.JsonElement? LicenseId { get; set; }

    public string? LicenseIdStr { get; set; }

    public long? AdamId { get; set; }

    public string? AdamIdStr { get; set; }

    public string? PricingParam { get; set; }

    public int? ProductTypeId { get; set; }

    public string? ProductTypeName { get; set; }

    public bool? IsIrrevocable { get; set; }

    public string? Status { get; set; }

    public long? UserId { get; set; }

    public string? UserIdStr { get; set; }

    public string? ClientUserIdStr { get; set; }

    public string? ItsIdHash { get; set; }

    public string? SerialNumber { get; set; }
}

internal sealed class LegacyUsersResponse : LegacyBatch
{
    public List<LegacyUserWire>? Users { get; set; }

    public override int Count => Users?.Count ?? 0;
}

internal sealed class LegacyUserWire
{
    public long? UserId { get; set; }

    public string? UserIdStr { get; set; }

    public string? ClientUserIdStr { get; set; }

    public string? Email { get; set; }

    public string? Status { get; set; }

    public string? InviteCode { get; set; }

    public string? InviteUrl { get; set; }

    public string? ItsIdHash { get; set; }

    [JsonPropertyName("managedAppleIDStr")]
    public string? ManagedAppleIdStr { get; set; }
}

// ---- requests: every v1 call carries the token in its body --------------------------------

internal class LegacyRequest
{
    /// <summary>The whole .vpptoken file content; set by the transport, never logged.</summary>
    [JsonPropertyName("sToken")]
    public string? SToken { get; set; }
}

internal sealed class LegacyClientConfigRequest : LegacyRequest
{
    /// <summary>Null leaves it unchanged; empty clears it.</summary>
    [JsonPropertyName("clientContext")]
    public string? ClientContext { get; set; }

    [JsonPropertyName("verbose")]
    public bool? Verbose { get; set; }
}

internal sealed class LegacyAssetsRequest : LegacyRequest
{
    [JsonPropertyName("includeLicenseCounts")]
    public bool? IncludeLicenseCounts { get; set; }
}

/// <summary>The batching members of getVPPLicensesSrv and getVPPUsersSrv (API §7.4).</summary>
internal abstract class LegacyBatchRequest : LegacyRequest
{
    [JsonPropertyName("batchToken")]
    public string? BatchToken { get; set; }

    [JsonPropertyName("sinceModifiedToken")]
    public string? SinceModifiedToken { get; set; }

    [JsonPropertyName("overrideIndex")]
    public int? OverrideIndex { get; set; }
}

internal sealed class LegacyLicensesRequest : LegacyBatchRequest
{
    [JsonPropertyName("assignedOnly")]
    public bool? AssignedOnly { get; set; }
}

internal sealed class LegacyUsersRequest : LegacyBatchRequest
{
    /// <summary>0/1 (API §13.2).</summary>
    [JsonPropertyName("includeRetired")]
    public int? IncludeRetired { get; set; }
}
