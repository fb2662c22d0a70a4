using System;

namespace VppPowerShell.Core.Licensing;

/// <summary>A bulk licensing run: its plan and progress live in the store, so it can be resumed.</summary>
public sealed class VppJob
{
    internal VppJob(string jobId, string kind, int? tokenId, string description, VppJobState state, string? owner, DateTimeOffset createdOn,
        DateTimeOffset updatedOn, string? error, int targets, int assigned, int removed, int failed, int unchanged, int pending,
        int leftToOtherJobs)
    {
        JobId = jobId;
        Kind = kind;
        TokenId = tokenId;
        Description = description;
        State = state;
        Owner = owner;
        CreatedOn = createdOn;
        UpdatedOn = updatedOn;
        Error = error;
        Targets = targets;
        Assigned = assigned;
        Removed = removed;
        Failed = failed;
        Unchanged = unchanged;
        Pending = pending;
        LeftToOtherJobs = leftToOtherJobs;
    }

    public string JobId { get; }

    /// <summary>Assign, Remove or Revoke.</summary>
    public string Kind { get; }

    public int? TokenId { get; }

    public string Description { get; }

    public VppJobState State { get; }

    /// <summary>The process running it (host:pid), while it runs.</summary>
    public string? Owner { get; }

    public DateTimeOffset CreatedOn { get; }

    public DateTimeOffset UpdatedOn { get; }

    public string? Error { get; }

    public int Targets { get; }

    public int Assigned { get; }

    public int Removed { get; }

    public int Failed { get; }

    public int Unchanged { get; }

    /// <summary>Targets whose request is not confirmed yet.</summary>
    public int Pending { get; }

    /// <summary>Targets left to another job that had a change of them in hand when this one was planned (R-L8).</summary>
    public int LeftToOtherJobs { get; }

    public override string ToString() =>
        $"{JobId} {Kind} {State}: {Assigned} assigned, {Removed} removed, {Failed} failed, {Pending} pending{(LeftToOtherJobs > 0 ? $", {LeftToOtherJobs} left to other jobs" : string.Empty)}";
}
