using System;
using System.Collections.Concurrent;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace VppPowerShell.Core.Apple.Legacy;

/// <summary>
/// Apple's legacy v1 endpoints (API §13) for one token. Every URL comes from
/// <c>VPPServiceConfigSrv</c>, re-read every <see cref="AppleClientOptions.ServiceConfigLifetime"/>
/// (5 minutes) and at once when Apple says a URL moved (9617).
/// </summary>
internal sealed class LegacyServiceClient
{
    private static readonly ConcurrentDictionary<string, (DateTimeOffset Read, LegacyServiceConfigResponse Config)> ServiceConfigs = new();

    private readonly Uri serviceConfigUrl;
    private readonly LegacyTransport transport;

    public LegacyServiceClient(Uri serviceConfigUrl, string credential, string gateKey, AppleClientOptions options)
    {
        this.serviceConfigUrl = serviceConfigUrl;
        transport = new LegacyTransport(credential, gateKey, options);
    }

    public long Requests => transport.Requests;

    public async Task<LegacyServiceConfigResponse> GetServiceConfigAsync(bool refresh, CancellationToken cancellation)
    {
        var key = serviceConfigUrl.AbsoluteUri;
        if (!refresh && ServiceConfigs.TryGetValue(key, out var cached) && DateTimeOffset.UtcNow - cached.Read < transport.Options.ServiceConfigLifetime)
        {
            return cached.Config;
        }

        var config = await transport.PostAnonymousAsync<LegacyServiceConfigResponse>(serviceConfigUrl, cancellation).ConfigureAwait(false);
        ServiceConfigs[key] = (DateTimeOffset.UtcNow, config);
        return config;
    }

    public Task<LegacyClientConfigResponse> GetClientConfigAsync(CancellationToken cancellation) =>
        CallAsync<LegacyClientConfigResponse>(c => c.ClientConfigSrvUrl, "clientConfigSrvUrl", () => new LegacyClientConfigRequest { Verbose = true }, cancellation);

    /// <summary>Stores a clientContext (empty clears it); setting the same value twice changes nothing, so it is safe to resend.</summary>
    public Task<LegacyClientConfigResponse> SetClientContextAsync(string clientContext, CancellationToken cancellation) =>
        CallAsync<LegacyClientConfigResponse>(c => c.ClientConfigSrvUrl, "clientConfigSrvUrl",
            () => new LegacyClientConfigRequest { ClientContext = clientContext, Verbose = true }, cancellation);

    public Task<LegacyAssetsResponse> GetAssetsAsync(CancellationToken cancellation) =>
        CallAsync<LegacyAssetsResponse>(c => c.GetVPPAssetsSrvUrl, "getVPPAssetsSrvUrl", () => new LegacyAssetsRequest { IncludeLicenseCounts = true }, cancellation);

    public Task<LegacyLicensesResponse> GetLicensesAsync(Func<LegacyLicensesRequest> request, CancellationToken cancellation) =>
        CallAsync<LegacyLicensesResponse>(c => c.GetLicensesSrvUrl, "getLicensesSrvUrl", request, cancellation);

    public Task<LegacyUsersResponse> GetUsersAsync(Func<LegacyUsersRequest> request, CancellationToken cancellation) =>
        CallAsync<LegacyUsersResponse>(c => c.GetUsersSrvUrl, "getUsersSrvUrl", request, cancellation);

    private async Task<T> CallAsync<T>(Func<LegacyServiceConfigResponse, string?> pick, string member, Func<LegacyRequest> request,
        CancellationToken cancellation)
        where T : LegacyEnvelope
    {
        var uri = await EndpointAsync(pick, member, refresh: false, cancellation).ConfigureAwait(false);
        try
        {
            return await transport.PostAsync<T>(uri, request(), cancellation).ConfigureAwait(false);
        }
        catch (AppleServiceException e) when (e.ErrorNumber == 9617)
        {
            // "URL moved": read the service config again and go where it says, once.
            uri = await EndpointAsync(pick, member, refresh: true, cancellation).ConfigureAwait(false);
            return await transport.PostAsync<T>(uri, request(), cancellation).ConfigureAwait(false);
        }
    }

    private async Task<Uri> EndpointAsync(Func<LegacyServiceConfigResponse, string?> pick, string member, bool refresh, CancellationToken cancellation)
    {
        var config = await GetServiceConfigAsync(refresh, cancellation).ConfigureAwait(false);
        var text = pick(config);
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            throw new VppException(VppErrorIds.AppleLegacyServiceUrlMissing, VppErrorCategory.InvalidData,
                $"Apple's legacy service configuration at {serviceConfigUrl.GetLeftPart(UriPartial.Authority)} gives no usable {member}.",
                target: member, recommendedAction: "Check that the service configuration URL points at Apple's legacy VPP service.");
        }

        RequireSafe(uri, member);
        return uri;
    }

    /// <summary>The token's secret travels only over HTTPS, or plain HTTP to a loopback address (a local simulator).</summary>
    internal static void RequireSafe(Uri uri, string what)
    {
        if (uri.Scheme == Uri.UriSchemeHttps) return;
        if (uri.Scheme == Uri.UriSchemeHttp && (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)))) return;
        throw new VppException(VppErrorIds.InvalidServiceUrl, VppErrorCategory.InvalidArgument,
            $"'{uri}' ({what}) is not a usable service URL: it must be an https URL, or http on a loopback address (a local simulator).",
            target: uri.ToString(), recommendedAction: $"Use Apple's legacy service configuration, {LegacyAccountReader.AppleServiceConfigUrl}.");
    }
}
