using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core;
using VppPowerShell.Host;

namespace VppPowerShell;

/// <summary>
/// The base of every VppPowerShell cmdlet and the only class that talks to PowerShell, through
/// <see cref="ICmdletHost"/>. Engine errors (<see cref="VppException"/>) become terminating
/// errors; per-target errors in bulk work go through <see cref="WriteTargetError"/>.
/// </summary>
public abstract class VppCmdlet : PSCmdlet, IDisposable
{
    private readonly Dictionary<string, bool> switches = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource cancellation = new();
    private ICmdletHost? host;
    private bool disposed;

#if NETSTANDARD2_0
    static VppCmdlet()
    {
        DependencyResolver.Register();
    }
#endif

    internal ICmdletHost CmdletHost
    {
        get => host ??= new PowerShellCmdletHost(this);
        set => host = value;
    }

    /// <summary>Cancelled when the user presses Ctrl+C (StopProcessing).</summary>
    protected CancellationToken Cancellation => cancellation.Token;

    /// <summary>The bound parameter set, read through the host.</summary>
    protected string? BoundParameterSet => CmdletHost.ParameterSetName;

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Release();
        cancellation.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs once before pipeline input.</summary>
    protected virtual void Begin()
    {
    }

    /// <summary>Runs once per pipeline input (once when there is none).</summary>
    protected virtual void Process()
    {
    }

    /// <summary>Runs once after pipeline input.</summary>
    protected virtual void End()
    {
    }

    /// <summary>Frees what the cmdlet opened (a store); runs on success, error and Ctrl+C alike.</summary>
    protected virtual void Release()
    {
    }

    protected sealed override void BeginProcessing() => Run(Begin);

    protected sealed override void ProcessRecord() => Run(Process);

    protected sealed override void EndProcessing() => Run(End);

    protected sealed override void StopProcessing() => cancellation.Cancel();

    /// <summary>
    /// Switch parameters keep their value here, not in <see cref="SwitchParameter"/>, so the same
    /// cmdlet code runs in PowerShell and under the test host. Use as
    /// <c>get =&gt; GetSwitch(); set =&gt; SetSwitch(value);</c>.
    /// </summary>
    protected SwitchParameter GetSwitch([CallerMemberName] string name = "") => new(IsSwitchOn(name));

    protected void SetSwitch(SwitchParameter value, [CallerMemberName] string name = "") => switches[name] = value.IsPresent;

    protected bool IsSwitchOn(string name) => switches.TryGetValue(name, out var on) && on;

    /// <summary>True when the switch was given at all, as -Name or -Name:$false.</summary>
    protected bool IsSwitchGiven(string name) => switches.ContainsKey(name);

    protected string ResolvePath(string path) => CmdletHost.ResolvePath(path);

    protected void WriteOutput(object? value) => CmdletHost.WriteObject(value);

    protected void WriteNote(string text) => CmdletHost.WriteVerbose(text);

    protected void WriteCaution(string text) => CmdletHost.WriteWarning(text);

    protected void WriteProgressReport(ProgressReport progress) => CmdletHost.WriteProgress(progress);

    /// <summary>A non-terminating error about one target; the command goes on with the others.</summary>
    protected void WriteTargetError(VppException error) => CmdletHost.WriteError(error);

    /// <summary>
    /// Asks ShouldProcess. With <paramref name="force"/> no prompt is shown (but -WhatIf still
    /// only reports). A high-impact change in a session that cannot prompt, with neither -Force nor
    /// -Confirm:$false, stops with a clear error instead of hanging or failing inside PowerShell.
    /// </summary>
    protected bool ShouldChange(string target, string action, bool force = false, bool highImpact = false)
    {
        if (CmdletHost.WhatIf) return CmdletHost.ShouldProcess(target, action);
        if (force) return true;
        if (highImpact && !CmdletHost.IsInteractive && CmdletHost.WouldConfirmHighImpact)
        {
            var name = MyCommandName();
            throw new VppException(VppErrorIds.ConfirmationRequired, VppErrorCategory.InvalidOperation,
                $"{name} asks for confirmation before it changes '{target}', and this session cannot prompt.",
                target: target, recommendedAction: "Run it with -Force or -Confirm:$false once you are sure.");
        }

        return CmdletHost.ShouldProcess(target, action);
    }

    /// <summary>A second question for what ShouldProcess does not cover (taking a token over). Never asked under -WhatIf.</summary>
    protected bool ShouldContinueWith(string query, string caption, bool force)
    {
        if (force || CmdletHost.WhatIf) return true;
        if (!CmdletHost.IsInteractive)
        {
            throw new VppException(VppErrorIds.ConfirmationRequired, VppErrorCategory.InvalidOperation,
                $"{MyCommandName()} needs a confirmation this session cannot ask for: {query}",
                recommendedAction: "Run it with -Force once you are sure.");
        }

        return CmdletHost.ShouldContinue(query, caption);
    }

    /// <summary>
    /// Runs engine work off the pipeline thread and writes its progress from this one (PowerShell
    /// accepts writes only from the pipeline thread). Ctrl+C cancels the work.
    /// </summary>
    protected T RunWork<T>(Func<IProgress<ProgressReport>, CancellationToken, Task<T>> work)
    {
        using var reports = new BlockingCollection<ProgressReport>();
        var progress = new QueuedProgress(reports);
        var task = Task.Run(() => work(progress, Cancellation));
        while (!task.IsCompleted)
        {
            if (reports.TryTake(out var first, 100)) WriteLatest(first, reports);
        }

        if (reports.TryTake(out var last)) WriteLatest(last, reports);
        return task.GetAwaiter().GetResult();
    }

    internal void InvokeBegin() => BeginProcessing();

    internal void InvokeProcess() => ProcessRecord();

    internal void InvokeEnd() => EndProcessing();

    internal void InvokeStop() => StopProcessing();

    internal void BindSwitch(string name, bool value) => switches[name] = value;

    /// <summary>Writes the newest report of each activity; older ones would only slow the host down.</summary>
    private void WriteLatest(ProgressReport first, BlockingCollection<ProgressReport> reports)
    {
        var latest = new Dictionary<int, ProgressReport> { [first.ActivityId] = first };
        while (reports.TryTake(out var next)) latest[next.ActivityId] = next;
        foreach (var report in latest.Values) CmdletHost.WriteProgress(report);
    }

    private string MyCommandName()
    {
        foreach (var attribute in GetType().GetCustomAttributesData())
        {
            if (attribute.AttributeType == typeof(CmdletAttribute) && attribute.ConstructorArguments.Count == 2)
            {
                return $"{attribute.ConstructorArguments[0].Value}-{attribute.ConstructorArguments[1].Value}";
            }
        }

        return GetType().Name;
    }

    private void Run(Action step)
    {
        try
        {
            step();
        }
        catch (VppException error)
        {
            CmdletHost.ThrowTerminatingError(error);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }
}
