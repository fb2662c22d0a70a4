using System;

namespace VppPowerShell.Simulator.Model;

/// <summary>A v1 error: the legacy router answers <c>{"status":-1,"errorNumber":…,"errorMessage":…}</c>.</summary>
internal sealed class LegacyApiException : Exception
{
    public LegacyApiException(int errorNumber, string? message = null)
        : base(message ?? LegacyErrorCatalog.Message(errorNumber))
    {
        ErrorNumber = errorNumber;
    }

    public int ErrorNumber { get; }
}
