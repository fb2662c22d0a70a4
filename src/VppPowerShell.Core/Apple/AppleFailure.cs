using System;
using System.Net.Http;

namespace VppPowerShell.Core.Apple;

/// <summary>
/// What an error answer of either protocol version becomes: a <see cref="TransientAppleFailure"/>
/// the retry pipeline retries, or an <see cref="AppleServiceException"/> reported at once. A wait
/// Apple asks for beyond <see cref="AppleClientOptions.MaxRetryAfter"/> is not taken, and the
/// report says so.
/// </summary>
internal static class AppleFailure
{
    /// <summary>An answer carrying Apple's error number.</summary>
    public static Exception Numbered(AppleError error, string? appleMessage, int status, string endpoint,
        HttpResponseMessage response, AppleClientOptions options) =>
        Classify(new AppleServiceException(error, appleMessage, status, endpoint, target: endpoint), response, options);

    /// <summary>An HTTP error status without Apple's error number; <paramref name="meaning"/> is the number that status stands for.</summary>
    public static Exception Unnumbered(AppleError meaning, int status, string endpoint, HttpResponseMessage response,
        AppleClientOptions options) =>
        Classify(AppleServiceException.WithoutNumber(meaning, status, response.ReasonPhrase, endpoint), response, options);

    private static Exception Classify(AppleServiceException answer, HttpResponseMessage response, AppleClientOptions options)
    {
        var status = answer.HttpStatus;
        if (!answer.Error.Retryable && status != 429 && status < 500) return answer;
        var retryAfter = AppleTransport.RetryAfter(response);
        if (retryAfter is { } wait && wait > options.MaxRetryAfter)
        {
            return answer.NotWaited(wait, options.MaxRetryAfter, DateTimeOffset.UtcNow);
        }

        return new TransientAppleFailure(answer, retryAfter);
    }
}
