using System;
using VppPowerShell.Core.Apple;

namespace VppPowerShell;

/// <summary>The proxy calls to Apple go through, as Get-VppProxy shows it: never its password.</summary>
public sealed class ProxyInfo
{
    internal ProxyInfo(ProxySettings proxy, string source)
    {
        Mode = proxy.Mode;
        Address = proxy.Address;
        UserName = proxy.UserName;
        UsesDefaultCredentials = proxy.UsesDefaultCredentials;
        ProxiesLoopback = proxy.ProxiesLoopback;
        Source = source;
    }

    /// <summary>System (the system's proxy), Direct (none) or Proxy (the one set).</summary>
    public ProxyMode Mode { get; }

    public Uri? Address { get; }

    public string? UserName { get; }

    public bool UsesDefaultCredentials { get; }

    public bool ProxiesLoopback { get; }

    /// <summary>Where the setting comes from: Set-VppProxy, VPP_PROXY or System.</summary>
    public string Source { get; }
}
