using VppPowerShell.Core;

namespace VppPowerShell.Host;

/// <summary>
/// Everything a cmdlet asks of PowerShell. <see cref="VppCmdlet"/> is its only caller; the
/// PowerShell implementation forwards to the engine, and tests record instead.
/// </summary>
internal interface ICmdletHost
{
    /// <summary>The parameter set PowerShell bound.</summary>
    string? ParameterSetName { get; }

    /// <summary>True when -WhatIf is in force.</summary>
    bool WhatIf { get; }

    /// <summary>True when a prompt can be shown to a person.</summary>
    bool IsInteractive { get; }

    /// <summary>True when ShouldProcess would prompt for an action of high confirm impact.</summary>
    bool WouldConfirmHighImpact { get; }

    /// <summary>A path as PowerShell's current location resolves it (not the process's working folder).</summary>
    string ResolvePath(string path);

    void WriteObject(object? value);

    void WriteError(VppException error);

    void WriteWarning(string text);

    void WriteVerbose(string text);

    void WriteProgress(ProgressReport progress);

    bool ShouldProcess(string target, string action);

    bool ShouldContinue(string query, string caption);

    /// <summary>Stops the command with the error; never returns.</summary>
    void ThrowTerminatingError(VppException error);
}
