using System;

namespace VppPowerShell.Core;

/// <summary>
/// The one error type that crosses from the engine to the cmdlets. It carries a stable id
/// (see <see cref="VppErrorIds"/>), a category, the object the error is about and what to do.
/// Messages never contain a token's secret.
/// </summary>
public class VppException : Exception
{
    public VppException(string errorId, VppErrorCategory category, string message, object? target = null,
        string? recommendedAction = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorId = errorId;
        Category = category;
        Target = target;
        RecommendedAction = recommendedAction;
    }

    public string ErrorId { get; }

    public VppErrorCategory Category { get; }

    public object? Target { get; }

    public string? RecommendedAction { get; }
}
