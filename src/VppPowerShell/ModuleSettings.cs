using System;
using VppPowerShell.Core.Apple;

namespace VppPowerShell;

/// <summary>Process-wide settings of the module's cmdlets.</summary>
internal static class ModuleSettings
{
    /// <summary>How the cmdlets talk to Apple; tests shorten the retry delays.</summary>
    public static AppleClientOptions AppleClient { get; set; } = AppleClientOptions.Default;

    /// <summary>The time the cmdlets judge expiry by; tests move it instead of waiting.</summary>
    public static Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;
}
