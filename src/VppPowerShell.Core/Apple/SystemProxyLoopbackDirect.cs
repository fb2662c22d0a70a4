using System;
using System.Net;

namespace VppPowerShell.Core.Apple;

/// <summary>
/// The system's proxy (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, the operating system's settings), except for
/// loopback addresses: a local simulator is reached directly, which the system's proxy alone does not do.
/// </summary>
internal sealed class SystemProxyLoopbackDirect : IWebProxy
{
    private readonly IWebProxy? system;

    public SystemProxyLoopbackDirect(IWebProxy? system) => this.system = system;

    public ICredentials? Credentials
    {
        get => system?.Credentials;
        set
        {
            if (system is not null) system.Credentials = value;
        }
    }

    public Uri? GetProxy(Uri destination) => IsBypassed(destination) ? destination : system!.GetProxy(destination);

    public bool IsBypassed(Uri host) => system is null || host.IsLoopback || system.IsBypassed(host);
}
