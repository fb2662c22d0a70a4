using System;

namespace VppPowerShell.Core.Apple;

/// <summary>An error answered by Apple's service: Apple's number, what it means, and what to do.</summary>
public sealed class AppleServiceException : VppException
{
    public AppleServiceException(AppleError error, string? appleMessage, int httpStatus, string endpoint, object? target = null,
        Exception? innerException = null)
        : base(error.ErrorId, error.Category,
            $"{error.Message} (Apple error {error.Number} on {endpoint}{(string.IsNullOrEmpty(appleMessage) ? string.Empty : ": " + appleMessage)})",
            target, error.Action, innerException)
    {
        Error = error;
        AppleMessage = appleMessage;
        HttpStatus = httpStatus;
        Endpoint = endpoint;
    }

    public AppleError Error { get; }

    public int ErrorNumber => Error.Number;

    public string? AppleMessage { get; }

    public int HttpStatus { get; }

    public string Endpoint { get; }
}
