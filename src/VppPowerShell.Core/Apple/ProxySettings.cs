using System;
using System.Net;

namespace VppPowerShell.Core.Apple;

/// <summary>How the module's calls reach Apple.</summary>
public enum ProxyMode
{
    /// <summary>The system's proxy: the operating system's settings, or HTTPS_PROXY, HTTP_PROXY and NO_PROXY.</summary>
    System,

    /// <summary>No proxy: every call goes straight to Apple.</summary>
    Direct,

    /// <summary>The proxy the admin gave, with its credential or the current user's.</summary>
    Proxy,
}

/// <summary>
/// The proxy every call to Apple goes through (Apple's v2 and legacy services, the content lookup).
/// The system's proxy unless the admin says otherwise. A loopback address (the local simulator) is
/// reached directly unless <see cref="ProxiesLoopback"/>. The password is a secret: it is never
/// shown, traced or written, and <see cref="ToString"/> names the proxy without it.
/// </summary>
public sealed class ProxySettings
{
    private ProxySettings(ProxyMode mode, Uri? address, NetworkCredential? credential, bool usesDefaultCredentials, bool proxiesLoopback)
    {
        Mode = mode;
        Address = address;
        Credential = credential;
        UsesDefaultCredentials = usesDefaultCredentials;
        ProxiesLoopback = proxiesLoopback;
    }

    public static ProxySettings System { get; } = new(ProxyMode.System, null, null, false, false);

    public static ProxySettings Direct { get; } = new(ProxyMode.Direct, null, null, false, false);

    public ProxyMode Mode { get; }

    /// <summary>The proxy's address, without any user name or password.</summary>
    public Uri? Address { get; }

    public string? UserName => Credential?.UserName is { Length: > 0 } name ? name : null;

    /// <summary>The proxy is answered with the current user's Windows credentials (Negotiate, NTLM).</summary>
    public bool UsesDefaultCredentials { get; }

    /// <summary>Calls to a loopback address (the local simulator) go through the proxy too.</summary>
    public bool ProxiesLoopback { get; }

    /// <summary>The credential the proxy is answered with. Secret.</summary>
    internal NetworkCredential? Credential { get; }

    /// <summary>
    /// A proxy of the admin's. A user name and password in the address (http://user:password@host:port,
    /// as HTTPS_PROXY takes it) are the credential when none is given.
    /// </summary>
    public static ProxySettings Through(Uri address, NetworkCredential? credential = null, bool useDefaultCredentials = false, bool proxyLoopback = false)
    {
        if (address is null) throw new ArgumentNullException(nameof(address));
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps) || address.Host.Length == 0)
        {
            // Not echoed: text that is no address may still hold a password (user:password@host without http://).
            throw new VppException(VppErrorIds.InvalidProxy, VppErrorCategory.InvalidArgument,
                address.IsAbsoluteUri ? $"The proxy address is not an http:// or https:// address with a host (it starts with '{address.Scheme}:')." : "The proxy address is not an absolute http:// or https:// address.",
                null, "Give the proxy as http://host:port, for example http://proxy.contoso.com:8080 (user:password@ before the host for Basic authentication).");
        }

        if (credential is not null && useDefaultCredentials)
        {
            throw new VppException(VppErrorIds.InvalidProxy, VppErrorCategory.InvalidArgument,
                "Both a proxy credential and the current user's default credentials were given: the proxy is answered with one.",
                Shown(address), "Give -ProxyCredential or -ProxyUseDefaultCredentials, not both.");
        }

        credential ??= FromUserInfo(address);
        return new ProxySettings(ProxyMode.Proxy, WithoutUserInfo(address), credential, useDefaultCredentials, proxyLoopback);
    }

    /// <summary>The proxy a runbook is given in its environment: VPP_PROXY (an address, or "direct"), else the system's.</summary>
    public static ProxySettings FromEnvironment(Func<string, string?> variable)
    {
        var text = variable(EnvironmentVariable)?.Trim();
        if (string.IsNullOrEmpty(text)) return System;
        if (string.Equals(text, "direct", StringComparison.OrdinalIgnoreCase)) return Direct;
        try
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var address))
            {
                return Through(address, null, variable(DefaultCredentialsVariable) == "1", variable(LoopbackVariable) == "1");
            }
        }
        catch (VppException e) when (e.ErrorId == VppErrorIds.InvalidProxy)
        {
            throw NotAProxy(e.Message, e);
        }

        throw NotAProxy("It is not an absolute address.", null);
    }

    // A runbook's admin is told which setting to mend; its text is not echoed (it may hold a password).
    private static VppException NotAProxy(string why, Exception? inner) =>
        new(VppErrorIds.InvalidProxy, VppErrorCategory.InvalidArgument,
            $"The environment variable {EnvironmentVariable} does not name a proxy: {why}", EnvironmentVariable,
            $"Set {EnvironmentVariable} to http://host:port (with user:password@ for Basic authentication), or to 'direct'.", inner);

    public const string EnvironmentVariable = "VPP_PROXY";
    public const string DefaultCredentialsVariable = "VPP_PROXY_USE_DEFAULT_CREDENTIALS";
    public const string LoopbackVariable = "VPP_PROXY_LOOPBACK";

    /// <summary>What the HTTP handler is given: null with <paramref name="useProxy"/> for the system's proxy.</summary>
    internal IWebProxy? WebProxy(out bool useProxy)
    {
        useProxy = Mode != ProxyMode.Direct;
        if (Mode == ProxyMode.Direct) return null;
        if (Mode == ProxyMode.System) return new SystemProxyLoopbackDirect(HttpClientDefaultProxy());
        return new WebProxy(Address!)
        {
            BypassProxyOnLocal = !ProxiesLoopback,
            Credentials = UsesDefaultCredentials ? CredentialCache.DefaultCredentials : Credential,
        };
    }

    /// <summary>The proxy a request to <paramref name="target"/> goes through, or null when it goes direct.</summary>
    internal Uri? ProxyFor(Uri target)
    {
        switch (Mode)
        {
            case ProxyMode.Direct:
                return null;
            case ProxyMode.Proxy:
                return !ProxiesLoopback && target.IsLoopback ? null : Address;
            default:
                var system = new SystemProxyLoopbackDirect(HttpClientDefaultProxy());
                return system.IsBypassed(target) ? null : system.GetProxy(target);
        }
    }

    /// <summary>The proxy as shown: its address (never a password), or the mode.</summary>
    public override string ToString() => Mode switch
    {
        ProxyMode.Direct => "direct (no proxy)",
        ProxyMode.System => "the system's proxy",
        _ => Address!.GetLeftPart(UriPartial.Authority) + (UserName is { } user ? $" as {user}" : UsesDefaultCredentials ? " with the current user's credentials" : string.Empty),
    };

    internal static string Shown(Uri address) => WithoutUserInfo(address).OriginalString;

    private static IWebProxy? HttpClientDefaultProxy()
    {
#if NET8_0_OR_GREATER
        return global::System.Net.Http.HttpClient.DefaultProxy;
#else
        return WebRequest.DefaultWebProxy;
#endif
    }

    private static Uri WithoutUserInfo(Uri address)
    {
        if (!address.IsAbsoluteUri || address.UserInfo.Length == 0) return address;
        return new UriBuilder(address) { UserName = string.Empty, Password = string.Empty }.Uri;
    }

    private static NetworkCredential? FromUserInfo(Uri address)
    {
        if (address.UserInfo.Length == 0) return null;
        var separator = address.UserInfo.IndexOf(':');
        var user = Uri.UnescapeDataString(separator < 0 ? address.UserInfo : address.UserInfo.Substring(0, separator));
        var password = separator < 0 ? string.Empty : Uri.UnescapeDataString(address.UserInfo.Substring(separator + 1));
        return new NetworkCredential(user, password);
    }
}
