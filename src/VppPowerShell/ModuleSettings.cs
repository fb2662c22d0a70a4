using System;
using VppPowerShell.Core.Apple;
using VppPowerShell.Session;

namespace VppPowerShell;

/// <summary>Process-wide settings of the module's cmdlets.</summary>
internal static class ModuleSettings
{
    private static AppleClientOptions appleClient = AppleClientOptions.Default;

    /// <summary>How the cmdlets talk to Apple, through the session's proxy; tests shorten the retry delays.</summary>
    public static AppleClientOptions AppleClient
    {
        get
        {
            var proxy = SessionProxy.Current;
            var options = appleClient;
            return ReferenceEquals(options.Proxy, proxy) ? options : appleClient = options.WithProxy(proxy);
        }

        set => appleClient = value;
    }

    /// <summary>The time the cmdlets judge expiry by; tests move it instead of waiting.</summary>
    public static Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;
}
