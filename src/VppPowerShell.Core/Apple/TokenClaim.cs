using System;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple.Wire;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Core.Apple;

/// <summary>
/// Reads who holds a token at Apple and claims it for this store (API §12, R-T3): no owner or
/// ourselves, fine; another system, only when the admin takes control explicitly.
/// </summary>
public sealed class TokenClaim
{
    private readonly AppleServiceClient client;
    private readonly MdmInfo self;

    private TokenClaim(AppleServiceClient client, MdmInfo self, string? locationUid, string? locationName, MdmInfo? owner)
    {
        this.client = client;
        this.self = self;
        LocationUid = locationUid;
        LocationName = locationName;
        if (owner?.Id is not null && owner.Id != self.Id)
        {
            OtherOwnerName = owner.Name ?? owner.Id;
            OtherOwnerMetadata = owner.Metadata;
            OtherOwnerId = owner.Id;
        }

        IsClaimedHere = owner?.Id == self.Id;
    }

    public string? LocationUid { get; }

    public string? LocationName { get; }

    /// <summary>The other management system holding the token, or null.</summary>
    public string? OtherOwnerName { get; }

    public string? OtherOwnerMetadata { get; }

    public string? OtherOwnerId { get; }

    public bool IsClaimedHere { get; }

    public long Requests => client.Requests;

    /// <summary>Reads who holds a token being added.</summary>
    public static Task<TokenClaim> InspectAsync(VppStore store, NewTokenRequest request, AppleClientOptions? options,
        CancellationToken cancellation) =>
        InspectAsync(store, request.ServiceUrl, request.File.Content, request.File.Fingerprint, options, cancellation);

    /// <summary>Reads who holds a stored token, with a renewal file's credential when one is given.</summary>
    public static Task<TokenClaim> InspectAsync(VppStore store, TokenCatalog catalog, VppToken token, TokenSource? renewal,
        AppleClientOptions? options, CancellationToken cancellation)
    {
        var (credential, gateKey) = catalog.CredentialFor(token, renewal);
        return InspectAsync(store, new Uri(token.ServiceUrl), credential, gateKey, options, cancellation);
    }

    public static async Task<TokenClaim> InspectAsync(VppStore store, Uri serviceUrl, string credential, string gateKey,
        AppleClientOptions? options, CancellationToken cancellation)
    {
        TokenGate.ShareThrough(gateKey, store);
        var client = new AppleServiceClient(serviceUrl, credential, gateKey, options);
        var config = await client.GetClientConfigAsync(cancellation).ConfigureAwait(false);
        return new TokenClaim(client, StoreMdmInfo.Of(store), config.UId, config.LocationName, config.MdmInfo);
    }

    /// <summary>Stores this store's mdmInfo at Apple, replacing any other system's.</summary>
    public async Task ClaimAsync(CancellationToken cancellation)
    {
        if (IsClaimedHere) return;
        await client.ClaimAsync(self, cancellation).ConfigureAwait(false);
    }

    /// <summary>The refusal for a token another system holds, naming it.</summary>
    public TokenOwnershipException OwnedElsewhere() =>
        new(OtherOwnerName ?? "unknown", OtherOwnerMetadata, OtherOwnerId);
}
