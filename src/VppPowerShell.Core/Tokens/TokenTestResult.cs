using System;

namespace VppPowerShell.Core.Tokens;

/// <summary>The detailed answer of Test-VppToken.</summary>
public sealed class TokenTestResult
{
    internal TokenTestResult(VppToken token, bool isValid, string reason)
    {
        TokenId = token.TokenId;
        Name = token.Name;
        State = token.State;
        ExpiresOn = token.ExpiresOn;
        DaysUntilExpiry = token.DaysUntilExpiry;
        IsValid = isValid;
        Reason = reason;
    }

    internal TokenTestResult(string requested)
    {
        Name = requested;
        State = TokenState.NotFound;
        Reason = $"No token named '{requested}' is in the store.";
    }

    /// <summary>The result for a token the store does not hold.</summary>
    public static TokenTestResult NotFound(string requested) => new(requested);

    public int TokenId { get; }

    public string Name { get; }

    public bool IsValid { get; }

    public TokenState State { get; }

    public DateTimeOffset ExpiresOn { get; }

    public int DaysUntilExpiry { get; }

    public string Reason { get; }

    public override string ToString() => $"{Name}: {(IsValid ? "valid" : "not valid")} ({Reason})";
}
