using System;

namespace VppPowerShell.Core.Apple;

/// <summary>An answer Apple asks to retry (429, 5xx, 9603, 9646), with its Retry-After if any.</summary>
internal sealed class TransientAppleFailure : Exception
{
    public TransientAppleFailure(AppleServiceException error, TimeSpan? retryAfter)
        : base(error.Message, error)
    {
        Error = error;
        RetryAfter = retryAfter;
    }

    /// <summary>The answer itself.</summary>
    public AppleServiceException Error { get; }

    public TimeSpan? RetryAfter { get; }

    /// <summary>What to report when the retries ran out: the answer, saying that it was retried.</summary>
    public AppleServiceException AfterRetries(AppleClientOptions options) => Error.Retried(options.MaxRetries);
}
