using System;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace VppPowerShell.Core.Apple;

/// <summary>
/// A request-level trace of the calls to Apple (method, path, status, Apple's error number,
/// duration, retries and waits) for -Debug. It never holds the token: the credential travels in a
/// header that is not traced, and query values whose name speaks of a token or secret are masked.
/// </summary>
public static class AppleTrace
{
    private static readonly AsyncLocal<Action<string>?> Sink = new();

    /// <summary>Sends the trace of the calls made from here on, in this flow of work, to <paramref name="write"/> (null: off).</summary>
    public static void Use(Action<string>? write) => Sink.Value = write;

    internal static void Answer(string endpoint, Uri uri, int status, int? errorNumber, TimeSpan elapsed)
    {
        var write = Sink.Value;
        if (write is null) return;
        var error = errorNumber is { } number ? $", Apple error {number}" : string.Empty;
        write(string.Format(CultureInfo.InvariantCulture, "{0}{1} -> HTTP {2}{3} in {4:0} ms", endpoint, Query(uri), status, error, elapsed.TotalMilliseconds));
    }

    internal static void Retry(int attempt, TimeSpan delay, Exception? reason)
    {
        var write = Sink.Value;
        if (write is null) return;
        var why = reason is VppException apple ? apple.ErrorId : reason?.GetType().Name ?? "no answer";
        write(string.Format(CultureInfo.InvariantCulture, "retry {0} in {1:0} ms ({2})", attempt, delay.TotalMilliseconds, why));
    }

    private static string Query(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0) return string.Empty;
        return "?" + string.Join("&", query.Split('&').Select(pair =>
        {
            var name = pair.Split('=')[0];
            var secret = name.IndexOf("token", StringComparison.OrdinalIgnoreCase) >= 0 || name.IndexOf("secret", StringComparison.OrdinalIgnoreCase) >= 0
                || name.IndexOf("auth", StringComparison.OrdinalIgnoreCase) >= 0;
            return secret ? name + "=***" : pair;
        }));
    }
}
