namespace VppPowerShell.Core.Apple;

/// <summary>What one Apple error number means to an admin: a stable id, a plain message and what to do.</summary>
public sealed class AppleError
{
    public AppleError(int number, string errorId, VppErrorCategory category, string message, string action,
        bool retryable = false, Tokens.TokenState? tokenState = null)
    {
        Number = number;
        ErrorId = errorId;
        Category = category;
        Message = message;
        Action = action;
        Retryable = retryable;
        TokenState = tokenState;
    }

    public int Number { get; }

    public string ErrorId { get; }

    public VppErrorCategory Category { get; }

    public string Message { get; }

    public string Action { get; }

    /// <summary>Apple asks clients to try again (9603, 9646): Apple did nothing with the request.</summary>
    public bool Retryable { get; }

    /// <summary>The state the token takes when Apple answers with this number (R-T6), if any.</summary>
    public Tokens.TokenState? TokenState { get; }
}
