using System;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Core.Apple;

/// <summary>Builds the Apple client for a stored token: its credential, service URL and expected owner.</summary>
internal static class AppleConnector
{
    public static AppleServiceClient For(VppStore store, TokenCatalog catalog, VppToken token, AppleClientOptions? options)
    {
        var credential = catalog.RevealCredential(token);
        var gateKey = catalog.Fingerprint(token.TokenId);
        TokenGate.ShareThrough(gateKey, store);
        var client = new AppleServiceClient(new Uri(token.ServiceUrl), credential, gateKey, options)
        {
            ExpectedOwnerId = StoreIdentity.Id(store),
            ExpectedLocationUId = catalog.ReadLocationUid(token.TokenId),
        };
        return client;
    }
}
