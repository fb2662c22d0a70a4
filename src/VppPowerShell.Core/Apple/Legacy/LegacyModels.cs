using System;
using System.Collections.Generic;
using System.Text.Json;

namespace VppPowerShell.Core.Apple.Legacy;

/// <summary>
/// One license assignment read from a legacy VPP account, in v2 terms (API §14.2): the v2 key is
/// (<see cref="AdamId"/>, <see cref="PricingParam"/>, <see cref="ClientUserId"/> | <see cref="SerialNumber"/>).
/// The license id and Apple's user id are v1 history only: v2 has neither.
/// </summary>
public sealed class LegacyAssignment
{
    public LegacyAssignment(string adamId, string pricingParam, string productType, string? clientUserId, string? serialNumber,
        string licenseId, bool isIrrevocable, long? userId, string? idHash)
    {
        AdamId = adamId;
        PricingParam = pricingParam;
        ProductType = productType;
        ClientUserId = clientUserId;
        SerialNumber = serialNumber;
        LicenseId = licenseId;
        IsIrrevocable = isIrrevocable;
        UserId = userId;
        IdHash = idHash;
    }

    /// <summary>v1 <c>adamIdStr</c>.</summary>
    public string AdamId { get; }

    /// <summary><c>STDQ</c> or <c>PLUS</c>.</summary>
    public string PricingParam { get; }

    /// <summary><c>App</c> (v1 product types 7 and 8) or <c>Book</c> (10).</summary>
    public string ProductType { get; }

    /// <summary>v1 <c>clientUserIdStr</c> (same value space as v2 <c>clientUserId</c>); null for a device license.</summary>
    public string? ClientUserId { get; }

    /// <summary>The device of a device license; null for a user license.</summary>
    public string? SerialNumber { get; }

    /// <summary>v1 <c>licenseIdStr</c> (history only).</summary>
    public string LicenseId { get; }

    /// <summary>v1 <c>isIrrevocable</c> (books).</summary>
    public bool IsIrrevocable { get; }

    /// <summary>v2 <c>revocable</c>: the negation of <see cref="IsIrrevocable"/>.</summary>
    public bool Revocable => !IsIrrevocable;

    /// <summary>Apple's v1 user id of the user record holding the license (history only).</summary>
    public long? UserId { get; }

    /// <summary>v1 <c>itsIdHash</c> (v2 <c>idHash</c>) of that user's Apple Account, when known.</summary>
    public string? IdHash { get; }

    public override string ToString() => $"{AdamId} ({PricingParam}) -> {ClientUserId ?? SerialNumber}";
}

/// <summary>One v1 license as Apple lists it (API §13.3): a seat with a stable id, whatever its status.</summary>
public sealed class LegacyLicense
{
    public LegacyLicense(string licenseId, string adamId, string pricingParam, int? productTypeId, string? productTypeName, string productType,
        bool isIrrevocable, string status, long? userId, string? clientUserId, string? idHash, string? serialNumber)
    {
        LicenseId = licenseId;
        AdamId = adamId;
        PricingParam = pricingParam;
        ProductTypeId = productTypeId;
        ProductTypeName = productTypeName;
        ProductType = productType;
        IsIrrevocable = isIrrevocable;
        Status = status;
        UserId = userId;
        ClientUserId = clientUserId;
        IdHash = idHash;
        SerialNumber = serialNumber;
    }

    public string LicenseId { get; }

    public string AdamId { get; }

    public string PricingParam { get; }

    public int? ProductTypeId { get; }

    public string? ProductTypeName { get; }

    /// <summary><c>App</c> or <c>Book</c> (API §14.2).</summary>
    public string ProductType { get; }

    public bool IsIrrevocable { get; }

    /// <summary><c>Available</c>, <c>Associated</c> or <c>Refunded</c> (Apple may add others).</summary>
    public string Status { get; }

    public bool IsAssociated => string.Equals(Status, "Associated", StringComparison.OrdinalIgnoreCase);

    public long? UserId { get; }

    public string? ClientUserId { get; }

    public string? IdHash { get; }

    public string? SerialNumber { get; }

    /// <summary>The assignment this license stands for, or null when it is not associated.</summary>
    public LegacyAssignment? ToAssignment() =>
        IsAssociated ? new LegacyAssignment(AdamId, PricingParam, ProductType, ClientUserId, SerialNumber, LicenseId, IsIrrevocable, UserId, IdHash) : null;
}

/// <summary>One v1 user record (API §13.3). A client user id may have several: retired ones and at most one active.</summary>
public sealed class LegacyUser
{
    public LegacyUser(long userId, string? clientUserId, string? email, string status, string? idHash, string? inviteCode, string? managedAppleId)
    {
        UserId = userId;
        ClientUserId = clientUserId;
        Email = email;
        Status = status;
        IdHash = idHash;
        InviteCode = inviteCode;
        ManagedAppleId = managedAppleId;
    }

    /// <summary>Apple's v1 user id (history only: v2 has none).</summary>
    public long UserId { get; }

    /// <summary>v1 <c>clientUserIdStr</c>: the key of the v2 user.</summary>
    public string? ClientUserId { get; }

    public string? Email { get; }

    /// <summary><c>Registered</c>, <c>Associated</c>, <c>Retired</c> or <c>Deleted</c>.</summary>
    public string Status { get; }

    /// <summary>Registered or Associated.</summary>
    public bool IsActive => Status is "Registered" or "Associated";

    /// <summary>v1 <c>itsIdHash</c> (v2 <c>idHash</c>).</summary>
    public string? IdHash { get; }

    public string? InviteCode { get; }

    /// <summary>v1 <c>managedAppleIDStr</c> (v2 <c>managedAppleId</c>).</summary>
    public string? ManagedAppleId { get; }
}

/// <summary>One v1 license pool with its counts (API §13.3 <c>VppAsset</c>), in v2 terms where they differ.</summary>
public sealed class LegacyAsset
{
    public LegacyAsset(string adamId, string pricingParam, string productType, int? productTypeId, string? productTypeName, bool isIrrevocable,
        bool deviceAssignable, int assignedCount, int availableCount, int retiredCount, int totalCount)
    {
        AdamId = adamId;
        PricingParam = pricingParam;
        ProductType = productType;
        ProductTypeId = productTypeId;
        ProductTypeName = productTypeName;
        IsIrrevocable = isIrrevocable;
        DeviceAssignable = deviceAssignable;
        AssignedCount = assignedCount;
        AvailableCount = availableCount;
        RetiredCount = retiredCount;
        TotalCount = totalCount;
    }

    public string AdamId { get; }

    public string PricingParam { get; }

    /// <summary><c>App</c> or <c>Book</c>.</summary>
    public string ProductType { get; }

    public int? ProductTypeId { get; }

    public string? ProductTypeName { get; }

    public bool IsIrrevocable { get; }

    public bool Revocable => !IsIrrevocable;

    public bool DeviceAssignable { get; }

    public int AssignedCount { get; }

    public int AvailableCount { get; }

    public int RetiredCount { get; }

    public int TotalCount { get; }
}

/// <summary>
/// The <c>{"hostname","guid"}</c> convention Apple recommends for v1 <c>clientContext</c> (API §12.2):
/// which management system (a guid per installation) uses the token, and where it runs.
/// </summary>
public sealed class LegacyClientContext
{
    public LegacyClientContext(string hostname, string guid)
    {
        Hostname = hostname ?? throw new ArgumentNullException(nameof(hostname));
        Guid = guid ?? throw new ArgumentNullException(nameof(guid));
    }

    public string Hostname { get; }

    public string Guid { get; }

    /// <summary>Reads a clientContext; null when it is empty or not the {"hostname","guid"} convention.</summary>
    public static LegacyClientContext? Parse(string? clientContext)
    {
        if (string.IsNullOrWhiteSpace(clientContext)) return null;
        try
        {
            using var document = JsonDocument.Parse(clientContext!);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
            string? hostname = null, guid = null;
            foreach (var member in document.RootElement.EnumerateObject())
            {
                if (member.Value.ValueKind != JsonValueKind.String) continue;
                if (string.Equals(member.Name, "hostname", StringComparison.OrdinalIgnoreCase)) hostname = member.Value.GetString();
                else if (string.Equals(member.Name, "guid", StringComparison.OrdinalIgnoreCase)) guid = member.Value.GetString();
            }
            return string.IsNullOrEmpty(guid) ? null : new LegacyClientContext(hostname ?? string.Empty, guid!);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The JSON to store as clientContext (compact, well under Apple's 256-byte limit for sane names).</summary>
    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, string> { ["hostname"] = Hostname, ["guid"] = Guid });

    public bool IsSameSystem(string guid) => string.Equals(Guid, guid, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{Hostname} ({Guid})";
}

/// <summary>What v1 <c>VPPClientConfigSrv</c> says about a token (API §13.2).</summary>
public sealed class LegacyClientConfig
{
    /// <summary>What clientContext reads once the token's licenses are managed with v2 (API §12.1).</summary>
    public const string UsedInV2Marker = "token being used in v2";

    internal LegacyClientConfig(string? clientContext, string? appleId, string? email, string? countryCode, string? defaultPlatform,
        string? organizationId, string? organizationIdHash, string? uId, long? locationId, string? locationName, DateTimeOffset? expiresOn)
    {
        ClientContext = clientContext;
        Owner = LegacyClientContext.Parse(clientContext);
        AppleId = appleId;
        Email = email;
        CountryCode = countryCode;
        DefaultPlatform = defaultPlatform;
        OrganizationId = organizationId;
        OrganizationIdHash = organizationIdHash;
        UId = uId;
        LocationId = locationId;
        LocationName = locationName;
        ExpiresOn = expiresOn;
    }

    /// <summary>The stored clientContext as Apple returns it; null when none is set.</summary>
    public string? ClientContext { get; }

    /// <summary>The management system named by a {"hostname","guid"} clientContext; null when none or another convention.</summary>
    public LegacyClientContext? Owner { get; }

    /// <summary>clientContext reads "token being used in v2": this token's licenses are managed through v2 now.</summary>
    public bool IsUsedInV2 => string.Equals(ClientContext?.Trim(), UsedInV2Marker, StringComparison.OrdinalIgnoreCase);

    /// <summary>Some system stored a clientContext (ours or not).</summary>
    public bool IsClaimed => !string.IsNullOrEmpty(ClientContext);

    /// <summary>Whether the clientContext names the system with this installation guid.</summary>
    public bool IsOwnedBy(string guid) => Owner?.IsSameSystem(guid) == true;

    /// <summary>The buyer's Apple Account (answered when asked verbosely).</summary>
    public string? AppleId { get; }

    public string? Email { get; }

    public string? CountryCode { get; }

    /// <summary><c>volumestore</c> (education) or <c>enterprisestore</c> (business).</summary>
    public string? DefaultPlatform { get; }

    public string? OrganizationId { get; }

    public string? OrganizationIdHash { get; }

    /// <summary>The library id: the stable key shared with v2 when the token belongs to a location.</summary>
    public string? UId { get; }

    /// <summary>Only for location tokens; legacy per-buyer tokens have none.</summary>
    public long? LocationId { get; }

    public string? LocationName { get; }

    /// <summary>From <c>expirationMillis</c>: the earlier of the token's and the account password's expiry.</summary>
    public DateTimeOffset? ExpiresOn { get; }
}

/// <summary>Apple's v1 service configuration (API §13.2): where each service is, batch limits, the v1 error list.</summary>
public sealed class LegacyServiceConfig
{
    internal LegacyServiceConfig(IReadOnlyDictionary<string, string> urls, int? maxBatchAssociateLicenseCount, int? maxBatchDisassociateLicenseCount,
        IReadOnlyDictionary<int, string> errorCodes)
    {
        Urls = urls;
        MaxBatchAssociateLicenseCount = maxBatchAssociateLicenseCount;
        MaxBatchDisassociateLicenseCount = maxBatchDisassociateLicenseCount;
        ErrorCodes = errorCodes;
    }

    /// <summary>Every <c>…Url</c> member, by its name (<c>getLicensesSrvUrl</c>, …).</summary>
    public IReadOnlyDictionary<string, string> Urls { get; }

    public int? MaxBatchAssociateLicenseCount { get; }

    public int? MaxBatchDisassociateLicenseCount { get; }

    /// <summary>Apple's own list of v1 error numbers and texts.</summary>
    public IReadOnlyDictionary<int, string> ErrorCodes { get; }
}

/// <summary>How a batched read ended (API §7.4).</summary>
public sealed class LegacyReadResult
{
    public LegacyReadResult(int batches, long records, int? estimatedCount, string? sinceModifiedToken)
    {
        Batches = batches;
        Records = records;
        EstimatedCount = estimatedCount;
        SinceModifiedToken = sinceModifiedToken;
    }

    /// <summary>Batches read (one request each, retries aside).</summary>
    public int Batches { get; }

    /// <summary>Records handed to the callback.</summary>
    public long Records { get; }

    /// <summary>Apple's <c>totalCount</c> estimate from the first batch.</summary>
    public int? EstimatedCount { get; }

    /// <summary>The last batch's <c>sinceModifiedToken</c>: a later read with it returns only what changed since this one started.</summary>
    public string? SinceModifiedToken { get; }
}
