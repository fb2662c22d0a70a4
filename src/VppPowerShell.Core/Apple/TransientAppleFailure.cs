using System;

namespace VppPowerShell.Core.Apple;

/// <summary>An answer Apple asks to retry (429, 5xx, 9603, 9646), with its Retry-After if any.</summary>
internal sealed class TransientAppleFailure : Exception
{
    public TransientAppleFailure(VppException error, TimeSpan? retryAfter)
        : base(error.Message, error)
    {
        Error = error;
        RetryAfter = retryAfter;
    }

    /// <summary>What to report when retries run out.</summary>
    public VppException Error { get; }

    public TimeSpan? RetryAfter { get; }
}
