using System;

namespace VppPowerShell.Core.Tokens;

/// <summary>
/// A location token as the store knows it. It never holds the token's secret, so nothing
/// that prints, exports or serialises it can leak one.
/// </summary>
public sealed class VppToken
{
    internal VppToken(int tokenId, string name, string organizationName, string appleId, string countryCode,
        AccountType accountType, bool automaticAppUpdates, DateTimeOffset expiresOn, TokenState storedState,
        SyncState syncState, DateTimeOffset? lastSyncOn, string? lastSyncError, DateTimeOffset createdOn,
        DateTimeOffset? renewedOn, DateTimeOffset now, string serviceUrl = "", string? locationName = null,
        string? externalMdm = null, bool isLegacy = false)
    {
        IsLegacy = isLegacy;
        ServiceUrl = serviceUrl;
        LocationName = locationName;
        ExternalMdm = externalMdm;
        TokenId = tokenId;
        Name = name;
        OrganizationName = organizationName;
        AppleId = appleId;
        CountryCode = countryCode;
        AccountType = accountType;
        AutomaticAppUpdates = automaticAppUpdates;
        ExpiresOn = expiresOn;
        DaysUntilExpiry = TokenExpiry.DaysUntil(expiresOn, now);
        State = storedState == TokenState.Valid && expiresOn <= now ? TokenState.Expired : storedState;
        SyncState = syncState;
        LastSyncOn = lastSyncOn;
        LastSyncError = lastSyncError;
        CreatedOn = createdOn;
        RenewedOn = renewedOn;
    }

    public int TokenId { get; }

    public string Name { get; }

    public string OrganizationName { get; }

    public string AppleId { get; }

    public string CountryCode { get; }

    public AccountType AccountType { get; }

    public DateTimeOffset ExpiresOn { get; }

    /// <summary>Whole days left; 0 on the last day, negative once expired.</summary>
    public int DaysUntilExpiry { get; }

    public TokenState State { get; }

    public DateTimeOffset? LastSyncOn { get; }

    public SyncState SyncState { get; }

    public string? LastSyncError { get; }

    public bool AutomaticAppUpdates { get; }

    public DateTimeOffset CreatedOn { get; }

    public DateTimeOffset? RenewedOn { get; }

    /// <summary>The location's name at Apple, learned when the token is added or synced.</summary>
    public string? LocationName { get; }

    /// <summary>The management system Apple reports as the token's owner, when it is not this store (R-T3).</summary>
    public string? ExternalMdm { get; }

    /// <summary>Where the token's calls go: Apple's service, or a loopback simulator for rehearsals.</summary>
    public string ServiceUrl { get; }

    /// <summary>A legacy VPP token (Apple's v1 service): read here, and moved to a location with Move-VppToken.</summary>
    public bool IsLegacy { get; }

    public override string ToString() => Name;
}
