using System;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Core.Apple.Legacy;

/// <summary>
/// Legacy VPP tokens (Apple's v1 service): who holds them (the clientContext convention of API
/// §12.2, <c>{"hostname","guid"}</c>), and claiming them for this store.
/// </summary>
public static class LegacyTokens
{
    /// <summary>Connects to Apple's legacy (v1) service with the file of a token being added.</summary>
    public static Task<LegacyAccountReader> ConnectAsync(Uri serviceConfigUrl, NewTokenRequest request, AppleClientOptions? options,
        CancellationToken cancellation) =>
        ConnectAsync(serviceConfigUrl, request.File.Content, options, cancellation);

    public static async Task<LegacyAccountReader> ConnectAsync(Uri serviceConfigUrl, string credential, AppleClientOptions? options, CancellationToken cancellation)
    {
        var reader = await LegacyAccountReader.ConnectAsync(serviceConfigUrl, credential, options, cancellation).ConfigureAwait(false);
        if (reader.ClientConfig.IsUsedInV2)
        {
            throw new VppException(VppErrorIds.LegacyTokenInUseByV2, VppErrorCategory.InvalidOperation,
                "Apple says this token is used with its current (v2) service: it is a location token, or its account already moved to a location.",
                null, "Add it without -Legacy, or, for a legacy record already in the store, run Move-VppToken with the location's token.");
        }

        return reader;
    }

    /// <summary>The other system holding the legacy token, or null when none does (or this store does).</summary>
    public static string? OtherOwner(LegacyAccountReader reader, VppStore store)
    {
        var config = reader.ClientConfig;
        if (!config.IsClaimed || config.IsOwnedBy(StoreIdentity.Id(store))) return null;
        return config.Owner?.Hostname is { Length: > 0 } host ? host : config.ClientContext;
    }

    public static Task ClaimAsync(LegacyAccountReader reader, VppStore store, CancellationToken cancellation) =>
        reader.SetClientContextAsync(new LegacyClientContext(Environment.MachineName, StoreIdentity.Id(store)), cancellation);
}
