using System;

namespace VppPowerShell.Core.Apple;

/// <summary>How hard the client tries. The defaults suit Apple's service; tests shorten the delays.</summary>
public sealed class AppleClientOptions
{
    /// <summary>Apple's rule (API §8): no more than 5 requests in flight per token.</summary>
    public const int MaxInFlightPerToken = 5;

    public int MaxRetries { get; set; } = 6;

    /// <summary>The first backoff delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A Retry-After longer than this fails the request instead of waiting.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Apple asks clients to re-read service config every 5 minutes (API §5.1).</summary>
    public TimeSpan ServiceConfigLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The first wait before asking an event's status again; it doubles up to <see cref="EventPollMaxDelay"/> (API §10.3).</summary>
    public TimeSpan EventPollDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan EventPollMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The proxy calls to Apple go through; the system's unless set.</summary>
    public ProxySettings Proxy { get; set; } = ProxySettings.System;

    public static AppleClientOptions Default { get; } = new();

    /// <summary>These options with another proxy.</summary>
    public AppleClientOptions WithProxy(ProxySettings proxy)
    {
        var copy = (AppleClientOptions)MemberwiseClone();
        copy.Proxy = proxy ?? throw new ArgumentNullException(nameof(proxy));
        return copy;
    }
}
