using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;

namespace VppPowerShell.Core.Apple;

/// <summary>
/// The HTTP client of each proxy setting in use, made once and kept: an HttpClient is meant to live
/// as long as the process, so its connections are pooled. TLS is verified as the system does; no
/// setting skips it (networks that inspect TLS put their root in the system's store).
/// </summary>
internal static class AppleHttpClients
{
    private static readonly ConcurrentDictionary<ProxySettings, HttpClient> Clients = new();

    public static HttpClient For(ProxySettings proxy) => Clients.GetOrAdd(proxy, Create);

    private static HttpClient Create(ProxySettings proxy)
    {
        var webProxy = proxy.WebProxy(out var useProxy);
#if NET8_0_OR_GREATER
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 32,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            ConnectTimeout = TimeSpan.FromSeconds(20),
            UseProxy = useProxy,
        };
#else
        var handler = new HttpClientHandler
        {
            MaxConnectionsPerServer = 32,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            UseProxy = useProxy,
        };
#endif
        if (webProxy is not null) handler.Proxy = webProxy;
        var client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("VppPowerShell/" + typeof(AppleHttpClients).Assembly.GetName().Version);
        return client;
    }
}
