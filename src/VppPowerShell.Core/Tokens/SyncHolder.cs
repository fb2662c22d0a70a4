using System;
using VppPowerShell.Core.Leases;
using VppPowerShell.Core.Store;

namespace VppPowerShell.Core.Tokens;

/// <summary>A token's sync state as the store holds it: who claimed the sync, and when they last renewed the claim (R-T10).</summary>
internal sealed class SyncHolder
{
    public SyncHolder(string storedState, string? owner, string? storedHeartbeat, string? storedLastSyncOn)
    {
        StoredState = storedState;
        Owner = owner;
        StoredHeartbeat = storedHeartbeat;
        StoredLastSyncOn = storedLastSyncOn;
    }

    public string StoredState { get; }

    /// <summary>The worker ("host:pid") that claimed the sync; null when none did.</summary>
    public string? Owner { get; }

    public string? StoredHeartbeat { get; }

    public string? StoredLastSyncOn { get; }

    /// <summary>When the last sync that completed wrote its copy.</summary>
    public DateTimeOffset? LastSyncOn => StoredLastSyncOn is null ? null : VppStore.ParseDate(StoredLastSyncOn);

    public DateTimeOffset? HeartbeatOn => StoredHeartbeat is null ? null : VppStore.ParseDate(StoredHeartbeat);

    public bool InProgress => StoredState == SyncState.InProgress.ToString();

    /// <summary>True when the token's last sync completed at or after <paramref name="since"/>.</summary>
    public bool CompletedSince(DateTimeOffset since) => StoredState == SyncState.Completed.ToString() && LastSyncOn >= since;

    /// <summary>True when another process is syncing the token and still holds its claim.</summary>
    public bool IsLive(DateTimeOffset now) => InProgress && LeaseOwner.IsAlive(Owner, HeartbeatOn, now);
}
