using System;
using System.Net.Http;
using System.Net.Sockets;

namespace VppPowerShell.Core.Apple;

/// <summary>
/// A call that failed at the proxy, not at Apple: the proxy refused the credentials (407), could not
/// be reached, or could not reach Apple. Each names the proxy (never its password) and what to
/// check, and is not retried: waiting does not mend a proxy setting.
/// </summary>
internal static class ProxyFailure
{
    /// <summary>The failure a lost request stands for when it went through a proxy, or null when it did not.</summary>
    public static VppException? Of(HttpRequestException e, ProxySettings proxy, Uri target, string endpoint)
    {
        if (proxy.ProxyFor(target) is not { } via) return null;
#if NET8_0_OR_GREATER
        if (e.HttpRequestError == HttpRequestError.ProxyTunnelError)
        {
            return e.Message.Contains("'407'") || e.Message.Contains("'401'") ? AuthenticationRequired(proxy, via, endpoint, e) : CannotReachApple(via, target, endpoint, e);
        }

        if (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError) return Unreachable(via, endpoint, e);
#endif
        if (e.Message.Contains("407")) return AuthenticationRequired(proxy, via, endpoint, e);
        return e.InnerException is SocketException ? Unreachable(via, endpoint, e) : null;
    }

    /// <summary>
    /// The proxy refusing the credentials, told by its answer: a 407; or, over plain http where the
    /// proxy answers for itself, a 401 that is not Apple's JSON (tinyproxy refuses wrong credentials so).
    /// Apple is reached over https, through a tunnel the proxy opens or refuses first: any status
    /// inside the tunnel is Apple's own.
    /// </summary>
    public static VppException? Of(HttpResponseMessage response, ProxySettings proxy, Uri target, string endpoint)
    {
        var status = (int)response.StatusCode;
        if (status != 407 && status != 401) return null;
        if (proxy.ProxyFor(target) is not { } via) return null;
        var fromProxy = status == 407
            || (target.Scheme == Uri.UriSchemeHttp && response.Content.Headers.ContentType?.MediaType != "application/json");
        return fromProxy ? AuthenticationRequired(proxy, via, endpoint, null) : null;
    }

    private static VppException AuthenticationRequired(ProxySettings proxy, Uri via, string endpoint, Exception? inner) =>
        new(VppErrorIds.ProxyAuthenticationRequired, VppErrorCategory.AuthenticationError,
            $"The proxy {Shown(via)} refused {(proxy.UserName is { } user ? $"the credentials of {user}" : proxy.UsesDefaultCredentials ? "the current user's credentials" : "the request: it asks for credentials")} (HTTP 407), so {endpoint} never reached Apple.",
            Shown(via), "Check the proxy's user name and password (Set-VppProxy -ProxyCredential), or -ProxyUseDefaultCredentials where the proxy takes Windows sign-in.", inner);

    private static VppException Unreachable(Uri via, string endpoint, Exception inner) =>
        new(VppErrorIds.ProxyUnreachable, VppErrorCategory.ConnectionError,
            $"The proxy {Shown(via)} could not be reached, so {endpoint} never left this machine: {inner.Message}",
            Shown(via), "Check the proxy's address and port (Get-VppProxy) and that this machine may reach it.", inner);

    private static VppException CannotReachApple(Uri via, Uri target, string endpoint, Exception? inner) =>
        new(VppErrorIds.ProxyCannotReachApple, VppErrorCategory.ConnectionError,
            $"The proxy {Shown(via)} could not reach {target.GetLeftPart(UriPartial.Authority)} for {endpoint}{(inner is null ? "." : $": {inner.Message}")}",
            Shown(via), $"Ask the proxy's administrators to allow {target.Host}; check the proxy's own connection to the internet.", inner);

    private static string Shown(Uri via) => via.GetLeftPart(UriPartial.Authority);
}
