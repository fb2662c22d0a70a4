using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple.Wire;

namespace VppPowerShell.Core.Apple;

/// <summary>Apple's v2 Apps and Books endpoints (API §5) for one token.</summary>
internal sealed class AppleServiceClient
{
    private static readonly ConcurrentDictionary<string, (DateTimeOffset Read, ServiceConfigResponse Config)> ServiceConfigs = new();

    private readonly AppleTransport transport;

    public AppleServiceClient(Uri serviceUrl, string credential, string gateKey, AppleClientOptions? options = null)
    {
        transport = new AppleTransport(serviceUrl, credential, gateKey, options ?? AppleClientOptions.Default);
    }

    /// <inheritdoc cref="AppleTransport.ExpectedOwnerId"/>
    public string? ExpectedOwnerId
    {
        get => transport.ExpectedOwnerId;
        set => transport.ExpectedOwnerId = value;
    }

    /// <inheritdoc cref="AppleTransport.ExpectedLocationUId"/>
    public string? ExpectedLocationUId
    {
        get => transport.ExpectedLocationUId;
        set => transport.ExpectedLocationUId = value;
    }

    public long Requests => transport.Requests;

    public async Task<ServiceConfigResponse> GetServiceConfigAsync(CancellationToken cancellation)
    {
        var key = transport.BaseUri.AbsoluteUri;
        if (ServiceConfigs.TryGetValue(key, out var cached) && DateTimeOffset.UtcNow - cached.Read < transport.Options.ServiceConfigLifetime)
        {
            return cached.Config;
        }

        var config = await transport.GetAsync<ServiceConfigResponse>("service/config", cancellation).ConfigureAwait(false);
        ServiceConfigs[key] = (DateTimeOffset.UtcNow, config);
        return config;
    }

    public async Task<ServiceLimits> GetLimitsAsync(CancellationToken cancellation) =>
        new((await GetServiceConfigAsync(cancellation).ConfigureAwait(false)).Limits);

    public Task<ClientConfigResponse> GetClientConfigAsync(CancellationToken cancellation) =>
        transport.GetAsync<ClientConfigResponse>("client/config", cancellation);

    /// <summary>Claims the token for this system (API §12): Apple stores our mdmInfo.</summary>
    public Task<ClientConfigResponse> ClaimAsync(MdmInfo owner, CancellationToken cancellation) =>
        transport.PostAsync<ClientConfigResponse>("client/config", new ClientConfigRequest { MdmInfo = owner }, WriteSafety.Repeatable, cancellation);

    public Task<GetAssetsResponse> GetAssetsPageAsync(int pageIndex, CancellationToken cancellation) =>
        transport.GetAsync<GetAssetsResponse>("assets" + Query(("pageIndex", pageIndex.ToString(System.Globalization.CultureInfo.InvariantCulture))), cancellation);

    /// <summary>One asset's current counts, or null when the location does not hold it.</summary>
    public async Task<ResponseAsset?> GetAssetAsync(string adamId, string pricingParam, CancellationToken cancellation)
    {
        var page = await transport.GetAsync<GetAssetsResponse>("assets" + Query(("adamId", adamId), ("pricingParam", pricingParam)), cancellation).ConfigureAwait(false);
        return page.Assets?.FirstOrDefault(a => a.AdamId == adamId && (a.PricingParam ?? "STDQ") == pricingParam);
    }

    public Task<GetUsersResponse> GetUserAsync(string clientUserId, CancellationToken cancellation) =>
        transport.GetAsync<GetUsersResponse>("users" + Query(("clientUserId", clientUserId)), cancellation);

    public Task<GetAssignmentsResponse> GetAssignmentsPageAsync(int pageIndex, string? sinceVersionId, string? adamId,
        string? pricingParam, CancellationToken cancellation) =>
        transport.GetAsync<GetAssignmentsResponse>("assignments" + Query(
            ("pageIndex", pageIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("sinceVersionId", sinceVersionId),
            ("adamId", adamId), ("pricingParam", pricingParam)), cancellation);

    public Task<GetUsersResponse> GetUsersPageAsync(int pageIndex, string? sinceVersionId, CancellationToken cancellation) =>
        transport.GetAsync<GetUsersResponse>("users" + Query(
            ("pageIndex", pageIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("sinceVersionId", sinceVersionId)), cancellation);

    public Task<EventResponse> AssociateAsync(ManageAssetsRequest request, CancellationToken cancellation) =>
        transport.PostAsync<EventResponse>("assets/associate", request, WriteSafety.Repeatable, cancellation);

    public Task<EventResponse> DisassociateAsync(ManageAssetsRequest request, CancellationToken cancellation) =>
        transport.PostAsync<EventResponse>("assets/disassociate", request, WriteSafety.Repeatable, cancellation);

    public Task<EventResponse> RevokeAsync(RevokeAssetsRequest request, CancellationToken cancellation) =>
        transport.PostAsync<EventResponse>("assets/revoke", request, WriteSafety.Repeatable, cancellation);

    /// <summary>A lost answer is not resent: Apple would refuse the second create (9716), hiding the first's outcome.</summary>
    public Task<EventResponse> CreateUsersAsync(ManageUsersRequest request, CancellationToken cancellation) =>
        transport.PostAsync<EventResponse>("users/create", request, WriteSafety.OnlyIfRejected, cancellation);

    public Task<EventResponse> UpdateUsersAsync(ManageUsersRequest request, CancellationToken cancellation) =>
        transport.PostAsync<EventResponse>("users/update", request, WriteSafety.Repeatable, cancellation);

    public Task<EventResponse> RetireUsersAsync(ManageUsersRequest request, CancellationToken cancellation) =>
        transport.PostAsync<EventResponse>("users/retire", request, WriteSafety.Repeatable, cancellation);

    public Task<StatusResponse> GetEventStatusAsync(string eventId, CancellationToken cancellation) =>
        transport.GetAsync<StatusResponse>("status" + Query(("eventId", eventId)), cancellation);

    /// <summary>Names and bundle ids for a country store (API §16); assets the store does not sell are absent.</summary>
    public async Task<IReadOnlyDictionary<string, ContentItem>> LookupContentAsync(IReadOnlyCollection<string> adamIds,
        string countryCode, bool education, CancellationToken cancellation)
    {
        var config = await GetServiceConfigAsync(cancellation).ConfigureAwait(false);
        var result = new Dictionary<string, ContentItem>(StringComparer.Ordinal);
        if (config.Urls is null || !config.Urls.TryGetValue("contentMetadataLookup", out var lookup) || adamIds.Count == 0)
        {
            return result;
        }

        var platform = education ? "volumestore" : "enterprisestore";
        foreach (var batch in adamIds.Select((id, i) => (id, i)).GroupBy(x => x.i / 100, x => x.id))
        {
            var uri = new Uri(lookup + Query(("version", "2"), ("id", string.Join(",", batch)), ("p", "mdm-lockup"),
                ("caller", "MDM"), ("platform", platform), ("cc", countryCode.ToLowerInvariant())));
            var page = await transport.GetDocumentAsync<ContentLookupResponse>(uri, cancellation).ConfigureAwait(false);
            if (page.Results is null) continue;
            foreach (var item in page.Results) result[item.Key] = item.Value;
        }

        return result;
    }

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? string.Empty : "?" + string.Join("&", present);
    }
}
