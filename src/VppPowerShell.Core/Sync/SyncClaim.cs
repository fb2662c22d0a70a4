using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Leases;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Core.Sync;

/// <summary>
/// This process's claim on one token's sync (R-T10): taken in the store so that no two workers on
/// any host sync a token at once, and among this process's pipelines, which share one owner name.
/// Renewed while held; <see cref="Token"/> is cancelled if another worker takes the token over.
/// </summary>
internal sealed class SyncClaim : IDisposable
{
    /// <summary>How often a sync that waits for another worker's looks again.</summary>
    public static readonly TimeSpan WaitPoll = TimeSpan.FromSeconds(2);

    private const string ThisProcess = "another pipeline of this process";
    private static readonly ConcurrentDictionary<string, byte> HeldHere = new();

    private readonly string key;
    private readonly LeaseKeeper keeper;

    private SyncClaim(string key, VppStore store, int tokenId, Func<DateTimeOffset> clock, CancellationToken cancellation)
    {
        this.key = key;
        keeper = new LeaseKeeper(() =>
        {
            using var connection = store.OpenAnother();
            return TokenRepository.RenewSync(connection, tokenId, clock());
        }, cancellation);
    }

    /// <summary>Cancelled when the caller cancels, or when another worker took the token over.</summary>
    public CancellationToken Token => keeper.Token;

    /// <summary>True once another worker took the token over while this process synced it.</summary>
    public bool Lost => keeper.Lost;

    /// <summary>
    /// Runs <paramref name="sync"/> holding the token's claim, with a cancellation token that also
    /// stops it if another worker takes the token over. When another worker holds the token, throws
    /// <see cref="SyncLeftException"/>, or, if the policy waits, looks again every <see cref="WaitPoll"/>
    /// until the token is free; and so also when another worker synced it since the policy's start.
    /// </summary>
    public static async Task<T> RunAsync<T>(VppStore store, VppToken token, SyncClaimPolicy policy, IProgress<ProgressReport>? progress,
        int activityId, Func<CancellationToken, Task<T>> sync, CancellationToken cancellation)
    {
        using var claim = await TakeAsync(store, token, policy, progress, activityId, cancellation).ConfigureAwait(false);
        try
        {
            return await sync(claim.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (claim.Lost && !cancellation.IsCancellationRequested)
        {
            throw new VppException(VppErrorIds.SyncRunningElsewhere, VppErrorCategory.ResourceBusy,
                $"The sync of token '{token.Name}' was taken over by another worker while this one ran it; this sync stopped and kept nothing.",
                token.Name, "Nothing to do: the worker that holds the token now finishes its sync (see Get-VppToken).");
        }
    }

    private static async Task<SyncClaim> TakeAsync(VppStore store, VppToken token, SyncClaimPolicy policy, IProgress<ProgressReport>? progress,
        int activityId, CancellationToken cancellation)
    {
        var key = VppStore.StoreId(store.Connection, null) + "/" + token.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var repository = new TokenRepository(store);
        while (true)
        {
            var (claimed, holder, renewedOn) = TryTake(repository, key, token, policy);
            if (claimed) return new SyncClaim(key, store, token.TokenId, policy.Clock, cancellation);
            if (holder is null) continue;
            if (!policy.Wait) throw SyncLeftException.Held(token, holder, renewedOn);
            progress?.Report(new ProgressReport(activityId, $"Syncing {token.Name}", $"Waiting for {holder} to finish syncing it", -1));
            await policy.Delay(WaitPoll, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Claims the token, or says who holds it; neither when the row changed under the claim (look again).</summary>
    private static (bool Claimed, string? Holder, DateTimeOffset? RenewedOn) TryTake(TokenRepository repository, string key, VppToken token,
        SyncClaimPolicy policy)
    {
        if (!HeldHere.TryAdd(key, 0)) return (false, ThisProcess, null);
        var claimed = false;
        try
        {
            var held = repository.ReadSyncHolder(token.TokenId) ?? throw new VppException(VppErrorIds.TokenNotFound, VppErrorCategory.ObjectNotFound,
                $"Token '{token.Name}' was removed from the store before its sync began.", token.Name, "Nothing to sync; Get-VppToken lists the tokens there are.");
            var now = policy.Clock();
            if (held.IsLive(now)) return (false, held.Owner ?? "another worker", held.HeartbeatOn);
            if (policy.SyncedSince is { } since && held.CompletedSince(since)) throw SyncLeftException.AlreadySynced(token, held.LastSyncOn!.Value);
            claimed = repository.TryClaimSync(token.TokenId, held, now);
            return (claimed, null, null);
        }
        finally
        {
            if (!claimed) HeldHere.TryRemove(key, out _);
        }
    }

    public void Dispose()
    {
        keeper.Dispose();
        HeldHere.TryRemove(key, out _);
    }
}
