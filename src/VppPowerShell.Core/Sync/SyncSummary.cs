using System;

namespace VppPowerShell.Core.Sync;

/// <summary>What one token's sync did (Sync-VppToken -PassThru).</summary>
public sealed class SyncSummary
{
    internal SyncSummary(int tokenId, string name, bool full, SyncCounts assets, SyncCounts assignments, SyncCounts users,
        long requests, TimeSpan duration, string? fullReason = null)
    {
        TokenId = tokenId;
        Name = name;
        Full = full;
        AssetsAdded = assets.Added;
        AssetsChanged = assets.Changed;
        AssetsRemoved = assets.Removed;
        AssignmentsAdded = assignments.Added;
        AssignmentsRemoved = assignments.Removed;
        UsersAdded = users.Added;
        UsersChanged = users.Changed;
        UsersRemoved = users.Removed;
        Requests = requests;
        Duration = duration;
        FullReason = fullReason;
    }

    public int TokenId { get; }

    public string Name { get; }

    /// <summary>True for a full pass; false when only Apple's changes since the last sync were read.</summary>
    public bool Full { get; }

    /// <summary>Why a sync that was to read only Apple's changes read everything instead; null when it did not.</summary>
    public string? FullReason { get; }

    public int AssetsAdded { get; }

    public int AssetsChanged { get; }

    public int AssetsRemoved { get; }

    public int AssignmentsAdded { get; }

    public int AssignmentsRemoved { get; }

    public int UsersAdded { get; }

    public int UsersChanged { get; }

    public int UsersRemoved { get; }

    /// <summary>HTTP requests sent to Apple, retries included.</summary>
    public long Requests { get; }

    public TimeSpan Duration { get; }

    public override string ToString() =>
        $"{Name}: {(Full ? "full" : "incremental")} sync, assets +{AssetsAdded}/~{AssetsChanged}/-{AssetsRemoved}, assignments +{AssignmentsAdded}/-{AssignmentsRemoved}, users +{UsersAdded}/~{UsersChanged}/-{UsersRemoved}, {Requests} requests in {Duration.TotalSeconds:0.0} s";
}

/// <summary>Rows added, changed and removed for one resource.</summary>
internal struct SyncCounts
{
    public int Added;
    public int Changed;
    public int Removed;
}
