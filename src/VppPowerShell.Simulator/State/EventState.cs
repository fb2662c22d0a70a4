using System.Collections.Generic;

namespace VppPowerShell.Simulator.State;

/// <summary>One event (a write request accepted): its outcome, already applied, and how many polls have seen it.</summary>
internal sealed class EventState
{
    public EventState(string id, string type, int numRequested, int numCompleted, List<Failure> failures, int pollsBeforeCompletion)
    {
        Id = id;
        Type = type;
        NumRequested = numRequested;
        NumCompleted = numCompleted;
        Failures = failures;
        PollsBeforeCompletion = pollsBeforeCompletion;
    }

    public string Id { get; }
    public string Type { get; }
    public int NumRequested { get; }
    public int NumCompleted { get; }
    public List<Failure> Failures { get; }
    public int PollsBeforeCompletion { get; }
    public int Polls;

    public string FinalStatus => Failures.Count > 0 ? "FAILED" : "COMPLETE";
}
