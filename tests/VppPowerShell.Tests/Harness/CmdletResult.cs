using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core;

namespace VppPowerShell.Tests.Harness;

/// <summary>Everything one run wrote, as PowerShell's streams and host hold it.</summary>
public sealed class CmdletResult
{
    public CmdletResult(TestHost host, IReadOnlyList<object?> output, RecordedError? terminatingError, IReadOnlyList<RecordedError> errors,
        IReadOnlyList<string> warnings, IReadOnlyList<string> verbose, IReadOnlyList<string> debug, IReadOnlyList<ProgressRecord> progress,
        IReadOnlyList<string> information)
    {
        Information = information;
        Host = host;
        Output = output;
        TerminatingError = terminatingError;
        Errors = errors;
        Warnings = warnings;
        Verbose = verbose;
        Debug = debug;
        Progress = progress;
    }

    public TestHost Host { get; }

    /// <summary>The output objects, unwrapped from PSObject.</summary>
    public IReadOnlyList<object?> Output { get; }

    /// <summary>Non-terminating errors, in order.</summary>
    public IReadOnlyList<RecordedError> Errors { get; }

    /// <summary>The error that stopped the pipeline, if one did.</summary>
    public RecordedError? TerminatingError { get; }

    public IReadOnlyList<string> Warnings { get; }

    public IReadOnlyList<string> Verbose { get; }

    /// <summary>The information stream: what a command says it did (shown with -InformationAction Continue).</summary>
    public IReadOnlyList<string> Information { get; }

    /// <summary>The debug stream: written only when the command ran with -Debug.</summary>
    public IReadOnlyList<string> Debug { get; }

    public IReadOnlyList<ProgressRecord> Progress { get; }

    public IReadOnlyList<ShouldProcessCall> ShouldProcessCalls => Host.ShouldProcessCalls;

    public IReadOnlyList<string> ShouldContinueCalls => Host.ShouldContinueCalls;

    public bool Succeeded => TerminatingError is null && Errors.Count == 0;

    public IEnumerable<T> OutputOf<T>() => Output.OfType<T>();

    /// <summary>Every error: the non-terminating ones, then the terminating one.</summary>
    public IEnumerable<RecordedError> AllErrors => TerminatingError is null ? Errors : Errors.Append(TerminatingError);

    /// <summary>Fails with the recorded errors when the command did not succeed.</summary>
    public CmdletResult ShouldSucceed()
    {
        if (!Succeeded)
        {
            throw new Xunit.Sdk.XunitException("The command failed: " + string.Join("; ", AllErrors));
        }

        return this;
    }
}

/// <summary>An ErrorRecord, as a script would read it: $_.FullyQualifiedErrorId, CategoryInfo, TargetObject, ErrorDetails.</summary>
public sealed record RecordedError(string ErrorId, VppErrorCategory Category, object? Target, string Message,
    string? RecommendedAction, Exception Exception, ErrorRecord Record)
{
    public RecordedError(ErrorRecord record)
        : this(record.FullyQualifiedErrorId.Split(',')[0], ToCategory(record.CategoryInfo.Category), Unwrap(record.TargetObject),
            record.ErrorDetails?.Message ?? record.Exception.Message, record.ErrorDetails?.RecommendedAction, record.Exception, record)
    {
    }

    public override string ToString() => $"{ErrorId} ({Category}): {Message}";

    private static VppErrorCategory ToCategory(ErrorCategory category) =>
        Enum.TryParse<VppErrorCategory>(category.ToString(), out var mapped) ? mapped : VppErrorCategory.NotSpecified;

    private static object? Unwrap(object? target) => target is PSObject wrapped ? wrapped.BaseObject : target;
}
