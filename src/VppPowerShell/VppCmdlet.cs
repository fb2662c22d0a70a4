using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell;

/// <summary>
/// The base of every VppPowerShell cmdlet and the only class that talks to PowerShell. Engine
/// errors (<see cref="VppException"/>) become terminating errors; per-target errors in bulk work
/// go through <see cref="WriteTargetError"/>.
/// </summary>
public abstract class VppCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource cancellation = new();
    private readonly HashSet<string> commandLineParameters = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<int, ProgressReport> openActivities = new();
    private bool disposed;

#if NETSTANDARD2_0
    static VppCmdlet()
    {
        DependencyResolver.Register();
    }
#endif

    /// <summary>Cancelled when the user presses Ctrl+C (StopProcessing).</summary>
    protected CancellationToken Cancellation => cancellation.Token;

    /// <summary>True when -WhatIf is in force, given or through $WhatIfPreference.</summary>
    protected bool WhatIfInForce =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound)
            ? IsTrue(bound)
            : IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference", false));

    /// <summary>True when the command's -Force switch was given: it answers every confirmation the command asks.</summary>
    protected bool ForceGiven => MyInvocation.BoundParameters.TryGetValue("Force", out var force) && IsTrue(force);

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

    /// <summary>
    /// The module's own error for a failure that escaped the engine as another exception (a store's
    /// lost database connection), or null to let it through as it is.
    /// </summary>
    protected virtual VppException? Explain(Exception error) => null;

    /// <summary>Frees what the cmdlet opened (a store); runs on success, error and Ctrl+C alike.</summary>
    protected virtual void Release()
    {
    }

    protected sealed override void BeginProcessing()
    {
        // Before the first input record, only what was typed on the command line is bound.
        commandLineParameters.UnionWith(MyInvocation.BoundParameters.Keys);
        Run(() =>
        {
            if (BoundTextCheck.FirstRefusal(MyInvocation.BoundParameters) is { } refusal) throw refusal;
            Begin();
        });
    }

    protected sealed override void ProcessRecord() => Run(() =>
    {
        // Typed values were checked before Begin: a refusal here is of this input record's values, which is skipped.
        if (BoundTextCheck.FirstRefusal(MyInvocation.BoundParameters) is { } refusal)
        {
            WriteTargetError(refusal);
            return;
        }

        if (Accept()) Process();
    });

    protected sealed override void EndProcessing() => Run(End);

    protected sealed override void StopProcessing() => cancellation.Cancel();

    /// <summary>True when the parameter was given at all, for a switch also as -Name:$false.</summary>
    protected bool IsGiven(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);

    /// <summary>True when the parameter was typed on the command line, not bound from piped input.</summary>
    protected bool IsGivenOnCommandLine(string parameterName) => commandLineParameters.Contains(parameterName);

    /// <summary>The values given, without blanks: an empty CSV cell means "not given".</summary>
    protected static List<string> Given(IEnumerable<string?>? values) =>
        values is null ? new List<string>() : values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList();

    /// <summary>Checks one input record before <see cref="Process"/>; false skips it (having written why).</summary>
    protected virtual bool Accept() => true;

    /// <summary>A path as PowerShell's current location resolves it (not the process's working folder).</summary>
    protected string ResolvePath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>
    /// The token given as -Path, -LiteralPath or -Token, or null when none is. The three name one token,
    /// so more than one is RenewalSourceAmbiguous; <paramref name="what"/> says which token in the message.
    /// </summary>
    protected TokenSource? GivenToken(string? path, string? literalPath, System.Security.SecureString? token, string what)
    {
        if (new object?[] { path, literalPath, token }.Count(given => given is not null) > 1)
        {
            throw new VppException(VppErrorIds.RenewalSourceAmbiguous, VppErrorCategory.InvalidArgument,
                $"Give {what} as -Path, -LiteralPath or -Token, not several.", target: path ?? literalPath,
                recommendedAction: "Keep one of -Path, -LiteralPath and -Token.");
        }

        return path is not null ? TokenSource.FromFile(ResolveTokenFile(path, literal: false))
            : literalPath is not null ? TokenSource.FromFile(ResolveTokenFile(literalPath, literal: true))
            : token is not null ? TokenSource.FromSecureString(token) : null;
    }

    /// <summary>
    /// The token file named by -Path, whose wildcards must match exactly one file, or by -LiteralPath
    /// (<paramref name="literal"/>), taken as written.
    /// </summary>
    protected string ResolveTokenFile(string path, bool literal)
    {
        if (literal || !WildcardPattern.ContainsWildcardCharacters(path)) return ResolvePath(path);
        List<string> found;
        try
        {
            found = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _).ToList();
        }
        catch (ItemNotFoundException)
        {
            found = new List<string>();
        }

        if (found.Count == 1) return found[0];
        if (found.Count == 0)
        {
            throw new VppException(VppErrorIds.TokenFileNotFound, VppErrorCategory.ObjectNotFound, $"No file matches '{path}'.", path,
                "Check the path; download the token from Apple Business Manager or Apple School Manager if it is not there. A name with [ or ] needs -LiteralPath.");
        }

        throw new VppException(VppErrorIds.TokenFileAmbiguous, VppErrorCategory.InvalidArgument,
            $"'{path}' matches {found.Count} files ({string.Join(", ", found.Take(5).Select(System.IO.Path.GetFileName))}{(found.Count > 5 ? ", ..." : string.Empty)}): a token is added from one file.",
            path, "Name one file.");
    }

    protected virtual void WriteOutput(object? value) => WriteObject(value);

    protected void WriteNote(string text) => WriteVerbose(text);

    protected void WriteCaution(string text) => WriteWarning(text);

    /// <summary>What a command did, when it succeeded: information, not a warning (shown with -InformationAction Continue).</summary>
    protected void WriteOutcome(string text) => WriteInformation(text, new[] { MyInvocation.MyCommand.Name });

    protected void WriteProgressReport(ProgressReport progress)
    {
        if (progress.Completed) openActivities.Remove(progress.ActivityId);
        else openActivities[progress.ActivityId] = progress;

        var record = new ProgressRecord(progress.ActivityId, progress.Activity, progress.Status)
        {
            PercentComplete = progress.PercentComplete,
            ParentActivityId = progress.ParentActivityId,
            RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        WriteProgress(record);
    }

    /// <summary>A non-terminating error about one target; the command goes on with the others.</summary>
    protected void WriteTargetError(VppException error) => WriteError(ToRecord(error));

    /// <summary>
    /// Asks ShouldProcess. With <paramref name="force"/> no prompt is shown (but -WhatIf still
    /// only reports). A change that must be confirmed in a session that cannot prompt (a runbook,
    /// pwsh -NonInteractive) stops with a clear error instead of PowerShell's host error.
    /// </summary>
    protected bool ShouldChange(string target, string action, bool force = false)
    {
        if (WhatIfInForce) return ShouldProcess(target, action);
        if (force) return true;
        try
        {
            return ShouldProcess(target, action);
        }
        catch (Exception e) when (IsPromptUnavailable(e))
        {
            throw new VppException(VppErrorIds.ConfirmationRequired, VppErrorCategory.InvalidOperation,
                $"{MyInvocation.MyCommand.Name} asks for confirmation before it changes '{target}', and this session cannot prompt.",
                target, "Run it with -Force or -Confirm:$false once you are sure.", e);
        }
    }

    /// <summary>A second question for what ShouldProcess does not cover (taking a token over). Never asked under -WhatIf.</summary>
    protected bool ShouldContinueWith(string query, string caption, bool force)
    {
        if (force || WhatIfInForce) return true;
        try
        {
            return ShouldContinue(query, caption);
        }
        catch (Exception e) when (IsPromptUnavailable(e))
        {
            throw new VppException(VppErrorIds.ConfirmationRequired, VppErrorCategory.InvalidOperation,
                $"{MyInvocation.MyCommand.Name} needs a confirmation this session cannot ask for: {query}",
                recommendedAction: "Run it with -Force once you are sure.", innerException: e);
        }
    }

    /// <summary>
    /// Runs engine work off the pipeline thread and writes its progress from this one (PowerShell
    /// accepts writes only from the pipeline thread). Ctrl+C cancels the work.
    /// </summary>
    protected T RunWork<T>(Func<IProgress<ProgressReport>, CancellationToken, Task<T>> work)
    {
        var debug = DebugInForce;
        Task<T>? task = null;
        RunOffPipeline(outbox => task = Task.Run(() =>
        {
            // -Debug: the request-level trace of the calls to Apple, written from the pipeline thread.
            AppleTrace.Use(debug ? line => outbox.Post(() => WriteDebug("Apple: " + line)) : null);
            return work(outbox, Cancellation);
        }));
        return task!.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Starts work on other threads and, until it has ended, writes from this (the pipeline) thread
    /// what it posts to the outbox. After Ctrl+C it stops writing but still waits for the work to end,
    /// so that the work leaves the store as it says; then the pipeline stops. Every progress bar the
    /// work left open is completed.
    /// </summary>
    private protected void RunOffPipeline(Func<PipelineOutbox, Task> start)
    {
        using var outbox = new PipelineOutbox();
        var stopped = false;
        try
        {
            var work = start(outbox);
            while (!work.IsCompleted)
            {
                outbox.Wait(100);
                stopped = stopped || !TryDeliver(outbox);
            }

            stopped = stopped || !TryDeliver(outbox);
            if (stopped && work.Status != TaskStatus.Faulted) throw new PipelineStoppedException();
            work.GetAwaiter().GetResult();
        }
        finally
        {
            CompleteOpenActivities();
        }
    }

    /// <summary>Ends the open progress bars at <paramref name="activityId"/> and below it (a finished token's bars).</summary>
    private protected void CompleteActivitiesUnder(int activityId) =>
        CompleteActivities(openActivities.Values.Where(p => Depth(p, activityId) >= 0).ToList());

    /// <summary>True when -Debug is in force, given or through $DebugPreference.</summary>
    private protected bool DebugInForce =>
        MyInvocation.BoundParameters.TryGetValue("Debug", out var bound)
            ? IsTrue(bound)
            : SessionState.PSVariable.GetValue("DebugPreference", ActionPreference.SilentlyContinue) is ActionPreference preference
              && preference != ActionPreference.SilentlyContinue && preference != ActionPreference.Ignore;

    private bool TryDeliver(PipelineOutbox outbox)
    {
        try
        {
            outbox.Deliver(WriteProgressReport);
            return true;
        }
        catch (PipelineStoppedException)
        {
            return false;
        }
    }

    /// <summary>Ends every progress bar the work left open, so none is left drawn after it (also on error or Ctrl+C).</summary>
    private void CompleteOpenActivities() => CompleteActivities(openActivities.Values.ToList());

    private void CompleteActivities(List<ProgressReport> open)
    {
        try
        {
            // Child bars first, then their parents.
            foreach (var report in open.OrderByDescending(p => Depth(p, -1)))
            {
                WriteProgressReport(report.AsCompleted());
            }
        }
        catch (PipelineStoppedException)
        {
            // Ctrl+C: PowerShell clears the bars itself.
        }
    }

    /// <summary>How many parents up <paramref name="report"/>'s chain <paramref name="ancestor"/> is (0: itself), or -1 when it is not in it.</summary>
    private int Depth(ProgressReport report, int ancestor)
    {
        var depth = 0;
        for (ProgressReport? current = report; current is not null; depth++)
        {
            if (current.ActivityId == ancestor) return depth;
            if (current.ParentActivityId < 0) return ancestor < 0 ? depth + 1 : -1;
            openActivities.TryGetValue(current.ParentActivityId, out current);
        }

        return ancestor < 0 ? depth : -1;
    }

    /// <summary>What hosts throw when they cannot prompt: the console host under -NonInteractive, runbook hosts.</summary>
    private static bool IsPromptUnavailable(Exception e) =>
        e is PSInvalidOperationException or HostException or NotImplementedException or PSNotImplementedException;

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

    private void Run(Action step)
    {
        try
        {
            step();
        }
        catch (VppException error)
        {
            ThrowTerminatingError(ToRecord(error));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (Exception error) when (Explain(error) is { } explained)
        {
            ThrowTerminatingError(ToRecord(explained));
        }
    }
}
