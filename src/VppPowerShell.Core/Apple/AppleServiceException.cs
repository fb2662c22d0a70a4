using System;
using System.Globalization;

namespace VppPowerShell.Core.Apple;

/// <summary>
/// An error answered by Apple's service: Apple's number (or, when Apple sent none, the HTTP status
/// and the number that status stands for), what it means, and what to do.
/// </summary>
public sealed class AppleServiceException : VppException
{
    public AppleServiceException(AppleError error, string? appleMessage, int httpStatus, string endpoint, object? target = null,
        Exception? innerException = null)
        : this(error, appleMessage, httpStatus, endpoint, numberSent: true,
            $"{error.Message} (Apple error {error.Number} on {endpoint}{(string.IsNullOrEmpty(appleMessage) ? string.Empty : ": " + appleMessage)})",
            error.Action, target, innerException)
    {
    }

    private AppleServiceException(AppleError error, string? appleMessage, int httpStatus, string endpoint, bool numberSent,
        string message, string action, object? target, Exception? innerException)
        : base(error.ErrorId, error.Category, message, target, action, innerException)
    {
        Error = error;
        AppleMessage = appleMessage;
        HttpStatus = httpStatus;
        Endpoint = endpoint;
        NumberSent = numberSent;
    }

    public AppleError Error { get; }

    /// <summary>Apple's error number; when <see cref="NumberSent"/> is false, the one the HTTP status stands for.</summary>
    public int ErrorNumber => Error.Number;

    /// <summary>False when Apple answered with an HTTP error status and no error number of its own.</summary>
    public bool NumberSent { get; }

    public string? AppleMessage { get; }

    public int HttpStatus { get; }

    public string Endpoint { get; }

    /// <summary>An HTTP error status without Apple's error number: the message says what came, and nothing more.</summary>
    internal static AppleServiceException WithoutNumber(AppleError meaning, int httpStatus, string? reason, string endpoint) =>
        new(meaning, null, httpStatus, endpoint, numberSent: false,
            $"Apple answered {endpoint} with HTTP {httpStatus.ToString(CultureInfo.InvariantCulture)}{(string.IsNullOrEmpty(reason) ? string.Empty : " " + reason)} and no error number.",
            meaning.Action, endpoint, null);

    /// <summary>
    /// This answer, when Apple asked to wait longer than the module waits: it says how long, until
    /// when, and that the module did not wait (so nothing was retried).
    /// </summary>
    internal AppleServiceException NotWaited(TimeSpan wait, TimeSpan limit, DateTimeOffset now)
    {
        var until = (now + wait).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return new AppleServiceException(Error, AppleMessage, HttpStatus, Endpoint, NumberSent,
            $"{Message} Apple asked to wait {Seconds(wait)} seconds, until {until} UTC; the module did not wait, as it waits at most {Seconds(limit)} seconds.",
            $"Run the command again after {until} UTC.", Target, InnerException);
    }

    /// <summary>This answer, after the module retried it <paramref name="retries"/> times with backoff and Apple kept giving it.</summary>
    internal AppleServiceException Retried(int retries) =>
        retries <= 0
            ? this
            : new AppleServiceException(Error, AppleMessage, HttpStatus, Endpoint, NumberSent, Message,
                $"{RecommendedAction} The module already retried {retries.ToString(CultureInfo.InvariantCulture)} times with backoff.", Target, InnerException);

    private static string Seconds(TimeSpan span) => Math.Ceiling(span.TotalSeconds).ToString("0", CultureInfo.InvariantCulture);
}
