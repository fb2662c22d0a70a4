using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Host;

namespace VppPowerShell.Tests.Harness;

/// <summary>
/// A host that records what a cmdlet writes and answers prompts as told, following PowerShell's
/// rules for -WhatIf, -Confirm and $ConfirmPreference (High by default).
/// </summary>
public sealed class RecordingHost : ICmdletHost
{
    public string? ParameterSetName { get; set; }

    public bool WhatIf { get; set; }

    /// <summary>-Confirm as given: null when not given.</summary>
    public bool? ConfirmParameter { get; set; }

    public ConfirmImpact CommandImpact { get; set; } = ConfirmImpact.Medium;

    public bool IsInteractive { get; set; } = true;

    /// <summary>What the simulated person answers to a confirmation prompt.</summary>
    public bool ConfirmAnswer { get; set; } = true;

    /// <summary>What the simulated person answers to ShouldContinue.</summary>
    public bool ContinueAnswer { get; set; } = true;

    public string CurrentLocation { get; set; } = Environment.CurrentDirectory;

    public bool WouldConfirmHighImpact => ConfirmParameter ?? true;

    public List<object?> Output { get; } = new();

    public List<RecordedError> Errors { get; } = new();

    public List<string> Warnings { get; } = new();

    public List<string> Verbose { get; } = new();

    public List<ProgressReport> Progress { get; } = new();

    public List<ShouldProcessCall> ShouldProcessCalls { get; } = new();

    public List<string> ShouldContinueCalls { get; } = new();

    public string ResolvePath(string path) => Path.GetFullPath(Path.Combine(CurrentLocation, path));

    public void WriteObject(object? value) => Output.Add(value);

    public void WriteError(VppException error) => Errors.Add(new RecordedError(error));

    public void WriteWarning(string text) => Warnings.Add(text);

    public void WriteVerbose(string text) => Verbose.Add(text);

    public void WriteProgress(ProgressReport progress) => Progress.Add(progress);

    public bool ShouldProcess(string target, string action)
    {
        if (WhatIf)
        {
            ShouldProcessCalls.Add(new ShouldProcessCall(target, action, Prompted: false, WhatIf: true));
            return false;
        }

        // PowerShell prompts when -Confirm is given, or when the command's impact reaches $ConfirmPreference (High).
        var prompts = ConfirmParameter ?? CommandImpact >= ConfirmImpact.High;
        ShouldProcessCalls.Add(new ShouldProcessCall(target, action, prompts, WhatIf: false));
        if (!prompts) return true;
        if (!IsInteractive) throw new InvalidOperationException("PowerShell is in NonInteractive mode: a confirmation prompt would fail here.");
        return ConfirmAnswer;
    }

    public bool ShouldContinue(string query, string caption)
    {
        ShouldContinueCalls.Add(query);
        if (!IsInteractive) throw new InvalidOperationException("PowerShell is in NonInteractive mode: ShouldContinue would fail here.");
        return ContinueAnswer;
    }

    public void ThrowTerminatingError(VppException error) => throw new CmdletTerminatedException(new RecordedError(error));
}

/// <summary>An error as PowerShell's ErrorRecord would carry it.</summary>
public sealed record RecordedError(string ErrorId, VppErrorCategory Category, object? Target, string Message,
    string? RecommendedAction, VppException Exception)
{
    public RecordedError(VppException error)
        : this(error.ErrorId, error.Category, error.Target, error.Message, error.RecommendedAction, error)
    {
    }

    public override string ToString() => $"{ErrorId} ({Category}): {Message}";
}

public sealed record ShouldProcessCall(string Target, string Action, bool Prompted, bool WhatIf);

/// <summary>Thrown by the recording host where PowerShell would stop the pipeline.</summary>
public sealed class CmdletTerminatedException : Exception
{
    public CmdletTerminatedException(RecordedError error)
        : base(error.ToString(), error.Exception)
    {
        Error = error;
    }

    public RecordedError Error { get; }
}
