using System;
using System.Net;

namespace VppPowerShell.Core.Tokens;

/// <summary>
/// Where a token's calls go. HTTPS always, except plain HTTP to a loopback address, which only a
/// local simulator can be: a token's secret never crosses a network unencrypted.
/// </summary>
public static class ServiceUrl
{
    public static Uri Apple { get; } = new("https://vpp.itunes.apple.com/mdm/v2/");

    public static Uri Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Apple;
        if (!Uri.TryCreate(text!.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri))))
        {
            throw new VppException(VppErrorIds.InvalidServiceUrl, VppErrorCategory.InvalidArgument,
                $"'{text}' is not a usable service URL: it must be an https URL, or http on a loopback address (a local simulator).",
                target: text, recommendedAction: $"Leave -ServiceUrl out to use Apple's service ({Apple}).");
        }

        return uri.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    /// <summary>A URL used as given (a legacy service configuration endpoint), under the same https-or-loopback rule.</summary>
    public static Uri ParseExact(string text)
    {
        var withSlash = Parse(text);
        return new Uri(withSlash.AbsoluteUri.TrimEnd('/'));
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
