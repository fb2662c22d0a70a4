using System;
using System.Collections.Generic;
using System.Linq;
using VppPowerShell.Core.Security;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Text;

namespace VppPowerShell.Core.Tokens;

/// <summary>The token lifecycle rules (R-T1 to R-T4, R-T8) over one open store.</summary>
public sealed class TokenCatalog
{
    /// <summary>R-T1: the most tokens one account (store) may hold.</summary>
    public const int MaxTokens = 3000;

    private readonly VppStore store;
    private readonly TokenRepository repository;
    private readonly Func<DateTimeOffset> clock;

    public TokenCatalog(VppStore store, Func<DateTimeOffset>? clock = null)
    {
        this.store = store;
        repository = new TokenRepository(store);
        this.clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    public int Count => repository.Count();

    /// <summary>Fails as Add would for a duplicate token, a name in use or a full store; writes nothing.</summary>
    public void CheckCanAdd(NewTokenRequest request, string? locationUid = null) => CheckCanAdd(request, locationUid, clock(), null);

    public VppToken Add(NewTokenRequest request, string? locationUid = null, string? locationName = null, Uri? legacyServiceUrl = null)
    {
        var now = clock();
        var secret = store.Protector.Protect(request.File.Content);
        using var transaction = store.BeginWrite();
        CheckCanAdd(request, locationUid, now, transaction);
        var tokenId = repository.Insert(request, secret, now, transaction);
        repository.SetLocation(tokenId, locationUid, locationName, transaction);
        if (legacyServiceUrl is not null) repository.SetLegacy(tokenId, true, legacyServiceUrl.AbsoluteUri, transaction);
        transaction.Commit();
        return repository.ById(tokenId, now)!;
    }

    /// <summary>After Move-VppToken: the record now names a location token of Apple's v2 service.</summary>
    internal void MarkMoved(int tokenId, Uri serviceUrl) => repository.SetLegacy(tokenId, false, serviceUrl.AbsoluteUri);

    private void CheckCanAdd(NewTokenRequest request, string? locationUid, DateTimeOffset now, System.Data.Common.DbTransaction? transaction)
    {
        var existing = repository.ByFingerprint(request.File.Fingerprint, now, transaction);
        if (existing is not null)
        {
            throw AlreadyAdded(existing);
        }

        if (locationUid is not null && repository.ByLocation(locationUid, now, transaction) is { } sameLocation)
        {
            throw new VppException(VppErrorIds.TokenDuplicateLocation, VppErrorCategory.ResourceExists,
                $"This token is for the same Apple location as '{sameLocation.Name}' (TokenId {sameLocation.TokenId}). One location is managed through one token record.",
                target: sameLocation,
                recommendedAction: $"To replace that token with this newer file, renew it: Set-VppToken -TokenId {sameLocation.TokenId} -Path <file>.");
        }

        var sameName = repository.ByName(request.Name, now, transaction);
        if (sameName is not null)
        {
            throw NameInUse(sameName);
        }

        var count = repository.Count(transaction);
        if (count >= MaxTokens)
        {
            throw new VppException(VppErrorIds.TokenLimitReached, VppErrorCategory.LimitsExceeded,
                $"The store already holds {count} tokens, the most Apple allows for one account ({MaxTokens}).",
                target: request.Name,
                recommendedAction: "Remove a token that is no longer used (Remove-VppToken), or keep this location in another store.");
        }
    }

    /// <summary>Tokens whose name matches any pattern (or all when none), or that expire within the given days.</summary>
    public IReadOnlyList<VppToken> Find(IReadOnlyCollection<string>? namePatterns = null, int? expiringWithinDays = null)
    {
        var tokens = repository.All(clock());
        IEnumerable<VppToken> result = tokens;
        if (namePatterns is { Count: > 0 })
        {
            var patterns = namePatterns.Select(p => new Wildcard(p)).ToList();
            result = result.Where(t => patterns.Any(p => p.IsMatch(t.Name)));
        }

        if (expiringWithinDays is { } days)
        {
            result = result.Where(t => t.DaysUntilExpiry <= days);
        }

        return result.ToList();
    }

    public VppToken Get(int tokenId) =>
        repository.ById(tokenId, clock()) ?? throw NotFound(tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture), "id");

    public VppToken Get(string name) =>
        repository.ByName(name, clock()) ?? throw NotFound(name, "name");

    public VppToken Update(int tokenId, TokenChanges changes)
    {
        var now = clock();
        var renewal = changes.Renewal?.Read();
        if (renewal is not null) RefuseExpired(renewal, changes.Renewal!.Description, now);
        var newName = changes.NewName is null ? null : TokenNames.Validate(changes.NewName);
        var country = changes.CountryCode is null ? null : CountryCodes.Normalize(changes.CountryCode);
        var secret = renewal is null ? null : store.Protector.Protect(renewal.Content);

        using var transaction = store.BeginWrite();
        var token = repository.ById(tokenId, now, transaction) ?? throw NotFound(tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture), "id");
        if (newName is not null)
        {
            var sameName = repository.ByName(newName, now, transaction);
            if (sameName is not null && sameName.TokenId != tokenId) throw NameInUse(sameName);
        }

        repository.UpdateSettings(tokenId, newName ?? token.Name, country ?? token.CountryCode,
            changes.AutomaticAppUpdates ?? token.AutomaticAppUpdates, transaction);

        if (renewal is not null)
        {
            var holder = repository.ByFingerprint(renewal.Fingerprint, now, transaction);
            if (holder is not null && holder.TokenId != tokenId) throw AlreadyAdded(holder);
            if (!changes.AllowOrganizationChange
                && !string.Equals(renewal.OrganizationName, token.OrganizationName, StringComparison.OrdinalIgnoreCase))
            {
                throw new VppException(VppErrorIds.TokenOrganizationMismatch, VppErrorCategory.InvalidData,
                    $"The new token file is for '{renewal.OrganizationName}', but token '{token.Name}' belongs to '{token.OrganizationName}'. Nothing was changed.",
                    target: token,
                    recommendedAction: "Check that you downloaded the token of the right location; if the organization was renamed, run the command again with -Force.");
            }

            var recordedLocation = ReadLocationUid(tokenId, transaction);
            if (!changes.AllowOrganizationChange && recordedLocation is not null && changes.RenewalLocationUid is not null
                && recordedLocation != changes.RenewalLocationUid)
            {
                throw new VppException(VppErrorIds.TokenLocationMismatch, VppErrorCategory.InvalidData,
                    $"The new token file is for another Apple location than token '{token.Name}'. Renewing with it would mix two locations' licenses. Nothing was changed.",
                    target: token,
                    recommendedAction: "Download the token of the same location, or add this file as a new token with Add-VppToken.");
            }

            repository.Renew(tokenId, renewal, secret!, now, transaction);
            repository.SetLocation(tokenId, changes.RenewalLocationUid, null, transaction);
        }

        transaction.Commit();
        return repository.ById(tokenId, now)!;
    }

    /// <summary>R-T8: removes the token and what the store holds for it; nothing changes at Apple.</summary>
    public void Remove(int tokenId)
    {
        using var transaction = store.BeginWrite();
        if (repository.ById(tokenId, clock(), transaction) is null)
        {
            throw NotFound(tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture), "id");
        }

        repository.Delete(tokenId, transaction);
        transaction.Commit();
    }

    /// <summary>Checks what can be checked locally: not expired, not marked unusable, secret decryptable.</summary>
    public TokenTestResult Test(VppToken token)
    {
        if (token.State != TokenState.Valid)
        {
            return new TokenTestResult(token, false, token.State == TokenState.Expired
                ? $"expired on {token.ExpiresOn:yyyy-MM-dd}"
                : $"state is {token.State}");
        }

        try
        {
            RevealCredential(token);
        }
        catch (VppException e)
        {
            return new TokenTestResult(token, false, e.Message);
        }

        return new TokenTestResult(token, true, $"valid for {token.DaysUntilExpiry} more days");
    }

    /// <summary>The bearer credential (the whole token file content). Secret: pass it only to Apple.</summary>
    internal string RevealCredential(VppToken token)
    {
        var stored = repository.Secret(token.TokenId) ?? throw NotFound(token.Name, "name");
        return TokenProtection.Reveal(store.Protector, stored, token.Name);
    }

    /// <summary>The Apple location (uId) the token record is bound to, once Apple named it.</summary>
    internal string? ReadLocationUid(int tokenId, System.Data.Common.DbTransaction? transaction = null)
    {
        using var command = store.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT location_uid FROM tokens WHERE token_id = @id;";
        command.AddParameter("@id", tokenId);
        return command.ExecuteScalar() as string;
    }

    /// <summary>
    /// The credential and gate key to reach Apple with for a stored token: a renewal file's when one
    /// is given (refused when expired), else the stored one. Secret: pass the credential only to Apple.
    /// </summary>
    internal (string Credential, string GateKey) CredentialFor(VppToken token, TokenSource? renewal)
    {
        if (renewal is null) return (RevealCredential(token), Fingerprint(token.TokenId));
        var file = renewal.Read();
        RefuseExpired(file, renewal.Description, clock());
        return (file.Content, file.Fingerprint);
    }

    /// <summary>After the admin took control back at Apple (R-T3): the token is usable again.</summary>
    public void MarkReclaimed(int tokenId) => repository.SetState(tokenId, TokenState.Valid, null);

    internal string Fingerprint(int tokenId) => repository.Fingerprint(tokenId);

    internal TokenRepository Repository => repository;

    internal static void RefuseExpired(TokenFile file, string source, DateTimeOffset now)
    {
        if (file.ExpiresOn <= now)
        {
            throw new VppException(VppErrorIds.TokenExpired, VppErrorCategory.InvalidData,
                $"The token file {source} for '{file.OrganizationName}' expired on {file.ExpiresOn:yyyy-MM-dd}.",
                target: source,
                recommendedAction: "Download a new content token from Apple Business Manager or Apple School Manager (tokens are valid for one year).");
        }
    }

    private static VppException AlreadyAdded(VppToken existing) =>
        new(VppErrorIds.TokenAlreadyAdded, VppErrorCategory.ResourceExists,
            $"This token is already in the store as '{existing.Name}' (TokenId {existing.TokenId}). A token is used by one record only.",
            target: existing,
            recommendedAction: $"Use the existing record, for example Get-VppToken -TokenId {existing.TokenId}.");

    private static VppException NameInUse(VppToken existing) =>
        new(VppErrorIds.TokenNameInUse, VppErrorCategory.ResourceExists,
            $"A token named '{existing.Name}' already exists (TokenId {existing.TokenId}).",
            target: existing, recommendedAction: "Choose another -Name.");

    private static VppException NotFound(string key, string kind) =>
        new(VppErrorIds.TokenNotFound, VppErrorCategory.ObjectNotFound,
            kind == "name" ? $"No token named '{key}' is in the store." : $"No token with {kind} {key} is in the store.", target: key,
            recommendedAction: "List the tokens with Get-VppToken.");
}
