using System.Collections.Generic;
using System.Linq;
using VppPowerShell.Core;

namespace VppPowerShell.Tests.Harness;

/// <summary>Everything one command run wrote, as PowerShell's streams would hold it.</summary>
public sealed class CmdletResult
{
    public CmdletResult(RecordingHost host, RecordedError? terminatingError)
    {
        Host = host;
        TerminatingError = terminatingError;
    }

    public RecordingHost Host { get; }

    public IReadOnlyList<object?> Output => Host.Output;

    public IReadOnlyList<RecordedError> Errors => Host.Errors;

    public RecordedError? TerminatingError { get; }

    public IReadOnlyList<string> Warnings => Host.Warnings;

    public IReadOnlyList<string> Verbose => Host.Verbose;

    public IReadOnlyList<ProgressReport> Progress => Host.Progress;

    public IReadOnlyList<ShouldProcessCall> ShouldProcessCalls => Host.ShouldProcessCalls;

    public bool Succeeded => TerminatingError is null && Errors.Count == 0;

    public IEnumerable<T> OutputOf<T>() => Output.OfType<T>();

    /// <summary>Every error: the terminating one and the non-terminating ones.</summary>
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
