using System;
using System.Data.Common;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Core.Sync;

/// <summary>What a sync that did not finish records on its token (R-T6), whatever ended it.</summary>
internal static class SyncFailure
{
    /// <summary>What a sync stopped by Ctrl+C records as its last error.</summary>
    public const string StoppedBeforeItFinished = "Stopped before it finished.";

    /// <summary>
    /// Records why the sync ended: Interrupted when it was stopped (nothing of the pass was kept, the
    /// next sync starts over), else Failed with the reason, and what Apple said of the token. When the
    /// sync's own session was lost with the failure, a new session records it; if the store is out of
    /// reach altogether, nothing is recorded and the caller's failure stands as it is.
    /// </summary>
    public static void Record(VppStore store, VppToken token, Exception error)
    {
        try
        {
            Record(new TokenRepository(store), token, error);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            try
            {
                using var fresh = VppStore.Open(store.Location);
                Record(new TokenRepository(fresh), token, error);
            }
            catch (Exception again) when (again is DbException or InvalidOperationException or VppException)
            {
                // Out of reach: the token's claim lapses like a dead worker's, and its sync reads as Interrupted.
            }
        }
    }

    private static void Record(TokenRepository repository, VppToken token, Exception error)
    {
        if (error is OperationCanceledException) repository.EndSync(token.TokenId, SyncState.Interrupted, StoppedBeforeItFinished, null);
        else repository.EndSync(token.TokenId, SyncState.Failed, error.Message, null);
        if (error is TokenOwnershipException owner) repository.SetState(token.TokenId, TokenState.AssignedToExternalMdm, owner.OwnerName);
        else if (error is AppleServiceException { Error.TokenState: { } state }) repository.SetState(token.TokenId, state, null);
    }
}
