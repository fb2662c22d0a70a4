using System;
using VppPowerShell.Core.Text;

namespace VppPowerShell.Core.Tokens;

/// <summary>
/// Everything R-T4 asks for when adding a token, validated before any store is touched so
/// that bad input never writes anything.
/// </summary>
public sealed class NewTokenRequest
{
    private NewTokenRequest(string name, string appleId, string countryCode, AccountType accountType,
        bool automaticAppUpdates, TokenFile file, Uri serviceUrl)
    {
        ServiceUrl = serviceUrl;
        Name = name;
        AppleId = appleId;
        CountryCode = countryCode;
        AccountType = accountType;
        AutomaticAppUpdates = automaticAppUpdates;
        File = file;
    }

    public string Name { get; }

    public string AppleId { get; }

    public string CountryCode { get; }

    public AccountType AccountType { get; }

    public Uri ServiceUrl { get; }

    public bool AutomaticAppUpdates { get; }

    public DateTimeOffset ExpiresOn => File.ExpiresOn;

    public string OrganizationName => File.OrganizationName;

    internal TokenFile File { get; }

    public static NewTokenRequest Create(TokenSource source, string name, string appleId, string countryCode,
        AccountType accountType, bool automaticAppUpdates, bool dataSharingConsent, DateTimeOffset now, string? serviceUrl = null)
    {
        if (!dataSharingConsent)
        {
            throw new VppException(VppErrorIds.DataSharingConsentRequired, VppErrorCategory.PermissionDenied,
                "Adding a token needs your consent to send user and device data to Apple: Apple's service assigns licenses by user and device.",
                target: name,
                recommendedAction: "Run the command again with -ConsentToDataSharing once you agree to it.");
        }

        var validName = TokenNames.Validate(name);
        var validAppleId = ValidateAppleId(appleId);
        var validCountry = CountryCodes.Normalize(countryCode);
        var validServiceUrl = Tokens.ServiceUrl.Parse(serviceUrl);
        var file = source.Read();
        TokenCatalog.RefuseExpired(file, source.Description, now);
        return new NewTokenRequest(validName, validAppleId, validCountry, accountType, automaticAppUpdates, file, validServiceUrl);
    }

    private static string ValidateAppleId(string appleId)
    {
        var trimmed = (appleId ?? string.Empty).Trim();
        var at = trimmed.IndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1 || trimmed.IndexOf(' ') >= 0)
        {
            throw new VppException(VppErrorIds.InvalidAppleId, VppErrorCategory.InvalidArgument,
                $"'{appleId}' is not an Apple ID: it should look like an email address.", target: appleId,
                recommendedAction: "Give the (managed) Apple ID of the account that downloaded the token, for example vpp-admin@contoso.com.");
        }

        return trimmed;
    }
}

/// <summary>The rules for token names: unique per store (case-insensitive), and free of wildcard characters.</summary>
public static class TokenNames
{
    public const int MaxLength = 128;

    public static string Validate(string? name)
    {
        var trimmed = (name ?? string.Empty).Trim();
        if (trimmed.Length == 0 || trimmed.Length > MaxLength || Wildcard.ContainsWildcard(trimmed) || trimmed.IndexOf(']') >= 0)
        {
            throw new VppException(VppErrorIds.InvalidTokenName, VppErrorCategory.InvalidArgument,
                $"'{name}' is not a usable token name: a name has 1 to {MaxLength} characters and none of * ? [ ].",
                target: name, recommendedAction: "Choose a name that says which location the token is for, for example 'Contoso Paris'.");
        }

        return trimmed;
    }
}
