using System;
using VppPowerShell.Core.Apple;

namespace VppPowerShell.Session;

/// <summary>
/// The proxy calls to Apple go through: the one Set-VppProxy set for the rest of the session (every
/// runspace of the process), else VPP_PROXY, else the system's (HTTPS_PROXY, HTTP_PROXY, NO_PROXY
/// and the operating system's settings).
/// </summary>
internal static class SessionProxy
{
    private static ProxySettings? set;
    private static (string? Text, ProxySettings Settings) environment = (null, ProxySettings.System);

    public static ProxySettings Current => set ?? FromEnvironment();

    /// <summary>Where <see cref="Current"/> comes from: "Set-VppProxy", "VPP_PROXY" or "System".</summary>
    public static string Source => set is not null ? "Set-VppProxy"
        : string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ProxySettings.EnvironmentVariable)) ? "System"
        : ProxySettings.EnvironmentVariable;

    /// <summary>Sets the session's proxy; null goes back to VPP_PROXY, then the system's.</summary>
    public static void Use(ProxySettings? proxy) => set = proxy;

    // One settings object per value of the variables, so that calls share one HTTP client.
    private static ProxySettings FromEnvironment()
    {
        var text = string.Join("\n", Environment.GetEnvironmentVariable(ProxySettings.EnvironmentVariable),
            Environment.GetEnvironmentVariable(ProxySettings.DefaultCredentialsVariable), Environment.GetEnvironmentVariable(ProxySettings.LoopbackVariable));
        var known = environment;
        if (known.Text == text) return known.Settings;
        var settings = ProxySettings.FromEnvironment(Environment.GetEnvironmentVariable);
        environment = (text, settings);
        return settings;
    }
}
