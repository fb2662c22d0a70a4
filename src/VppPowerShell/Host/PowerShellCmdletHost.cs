using System;
using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core;

namespace VppPowerShell.Host;

/// <summary>The host used inside PowerShell: forwards to the cmdlet's own runtime.</summary>
internal sealed class PowerShellCmdletHost : ICmdletHost
{
    private readonly PSCmdlet cmdlet;

    public PowerShellCmdletHost(PSCmdlet cmdlet)
    {
        this.cmdlet = cmdlet;
    }

    public string? ParameterSetName => cmdlet.ParameterSetName;

    public bool WhatIf =>
        cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound)
            ? IsTrue(bound)
            : IsTrue(cmdlet.SessionState.PSVariable.GetValue("WhatIfPreference", false));

    public bool IsInteractive =>
        Environment.UserInteractive
        && !Environment.GetCommandLineArgs().Any(a => a.StartsWith("-noni", StringComparison.OrdinalIgnoreCase));

    public bool WouldConfirmHighImpact
    {
        get
        {
            if (cmdlet.MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm)) return IsTrue(confirm);
            var preference = cmdlet.SessionState.PSVariable.GetValue("ConfirmPreference", ConfirmImpact.High);
            return preference is ConfirmImpact impact ? impact != ConfirmImpact.None
                : !string.Equals(preference?.ToString(), "None", StringComparison.OrdinalIgnoreCase);
        }
    }

    public string ResolvePath(string path) => cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    public void WriteObject(object? value) => cmdlet.WriteObject(value);

    public void WriteError(VppException error) => cmdlet.WriteError(ToRecord(error));

    public void WriteWarning(string text) => cmdlet.WriteWarning(text);

    public void WriteVerbose(string text) => cmdlet.WriteVerbose(text);

    public void WriteProgress(ProgressReport progress)
    {
        var record = new ProgressRecord(progress.ActivityId, progress.Activity, progress.Status)
        {
            PercentComplete = progress.PercentComplete,
            ParentActivityId = progress.ParentActivityId,
            RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        cmdlet.WriteProgress(record);
    }

    public bool ShouldProcess(string target, string action) => cmdlet.ShouldProcess(target, action);

    public bool ShouldContinue(string query, string caption) => cmdlet.ShouldContinue(query, caption);

    public void ThrowTerminatingError(VppException error) => cmdlet.ThrowTerminatingError(ToRecord(error));

    private static ErrorRecord ToRecord(VppException error)
    {
        var category = (ErrorCategory)Enum.Parse(typeof(ErrorCategory), error.Category.ToString());
        var record = new ErrorRecord(error, error.ErrorId, category, error.Target);
        if (error.RecommendedAction is not null)
        {
            record.ErrorDetails = new ErrorDetails(error.Message) { RecommendedAction = error.RecommendedAction };
        }

        return record;
    }

    private static bool IsTrue(object? value) => value switch
    {
        SwitchParameter s => s.IsPresent,
        bool b => b,
        _ => false,
    };
}
