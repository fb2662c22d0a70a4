using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Sync;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Commands;

/// <summary>Brings the store's copy of Apple's assets, assignments and users up to date.</summary>
/// <remarks>
/// Apple is the truth for licenses and assignments; the store is a cache of it. A sync
/// reads assets with their counts, app names from the token's country store, assignments
/// and users. After the first full sync only Apple's changes are read, unless -Full is given.
/// When Apple answers a filtered read with rows it was not asked for, an incremental sync reads every
/// assignment instead, and a warning says why.
/// Several tokens sync at the same time (-ThrottleLimit), each keeping to Apple's 5 requests in flight;
/// a summary (-PassThru) comes out as each token finishes, and every warning, note and error names its token.
/// A failed sync leaves the last good copy as it was and records why on the token (SyncState,
/// LastSyncError). One token's failure does not stop the others. Ctrl+C stops every running token: each is
/// left Interrupted with its last good copy, and tokens not started yet are left as they were; the next
/// Sync-VppToken starts them over. Legacy VPP tokens are read in full from Apple's v1 service.
/// </remarks>
/// <example>
/// <code>Sync-VppToken</code>
/// <para>Syncs every token in the store, eight at a time.</para>
/// </example>
/// <example>
/// <code>Get-VppToken 'Contoso *' | Sync-VppToken -Full -PassThru</code>
/// <para>Reads everything again for the Contoso tokens and shows what changed.</para>
/// </example>
/// <example>
/// <code>Sync-VppToken -ThrottleLimit 16 -PassThru | Where-Object AssignmentsAdded -gt 0</code>
/// <para>Syncs every token, sixteen at a time, and shows the tokens that gained assignments, each as soon as its sync ends.</para>
/// </example>
/// <example>
/// <code>Sync-VppToken -Wait -InformationAction Continue</code>
/// <para>On one of several workers that run the same sync against a shared store: a token another worker is syncing is waited for instead of left to it, and each token another worker synced meanwhile is named, not synced again.</para>
/// </example>
[Cmdlet(VerbsData.Sync, "VppToken", DefaultParameterSetName = ByNameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = ModuleLinks.Docs + "Sync-VppToken.md")]
[OutputType(typeof(SyncSummary))]
public sealed class SyncVppTokenCommand : VppTokenSelectionCmdlet
{
    /// <summary>How many tokens sync at the same time when -ThrottleLimit is not given.</summary>
    public const int DefaultThrottleLimit = 8;

    /// <summary>The bar of the whole run; each token's bar sits under it.</summary>
    private const int RunActivity = 0;

    private readonly DateTimeOffset started = DateTimeOffset.UtcNow;
    private readonly List<VppToken> chosen = new();
    private readonly HashSet<int> chosenIds = new();

    /// <summary>Read everything from Apple again instead of only what changed since the last sync.</summary>
    [Parameter]
    public SwitchParameter Full { get; set; }

    /// <summary>Write a summary per token as its sync ends: rows added, changed and removed, requests and duration.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>
    /// How many tokens sync at the same time (1 to 64; 1 syncs them one after another). The default, 8,
    /// keeps 8 tokens' worth of requests waiting on Apple (up to 40, since each token keeps to Apple's 5)
    /// while the store writes what the others read, which is most of what parallel tokens gain when each
    /// request takes a few hundred milliseconds; each running token also holds a store connection of its
    /// own, so a shared PostgreSQL store sees at most 8 more connections per runbook.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

    /// <summary>
    /// Wait for a token that another worker is syncing until that sync ends, then sync it unless that
    /// sync completed. Without it, such a token is left to that worker, and the information stream says
    /// so: several workers can run the same sync against one shared store and split the tokens between
    /// them. Either way a token another worker synced after this command began is not synced again
    /// (unless -Full is given).
    /// </summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>Gathers the tokens (each once) and announces them to -WhatIf; the syncs run once the input has ended.</summary>
    protected override void Process()
    {
        foreach (var token in SelectedTokens())
        {
            if (!chosenIds.Add(token.TokenId)) continue;
            if (ShouldChange(token.Name, Full.IsPresent ? "Full sync from Apple" : "Sync from Apple")) chosen.Add(token);
        }
    }

    protected override void End()
    {
        if (chosen.Count == 0) return;
        var activities = chosen.Select((token, index) => (token.TokenId, Activity: 1 + (2 * index))).ToDictionary(p => p.TokenId, p => p.Activity);
        var run = $"Syncing {chosen.Count} tokens";
        var full = Full.IsPresent;
        var debug = DebugInForce;
        var done = 0;
        Exception? unexplained = null;
        RunOffPipeline(outbox =>
        {
            outbox.Report(new ProgressReport(RunActivity, run, $"0 of {chosen.Count} done", 0));
            var tokenProgress = outbox.Under(RunActivity);
            return ParallelTokens.RunAsync(Store.Location, chosen, ThrottleLimit,
                (store, token, cancellation) => SyncOneAsync(store, token, full, tokenProgress, activities[token.TokenId], debug ? outbox : null, cancellation),
                (token, task) =>
                {
                    var finished = Interlocked.Increment(ref done);
                    outbox.Report(new ProgressReport(RunActivity, run, $"{finished} of {chosen.Count} done", finished * 100 / chosen.Count));
                    outbox.Post(() =>
                    {
                        CompleteActivitiesUnder(activities[token.TokenId]);
                        unexplained ??= Report(token, task);
                    });
                },
                Cancellation);
        });
        if (unexplained is not null) ExceptionDispatchInfo.Capture(unexplained).Throw();
    }

    /// <summary>Syncs one token on a store connection of its own, its calls to Apple traced for -Debug: the one place a token's sync starts.</summary>
    private async Task<SyncSummary> SyncOneAsync(VppStore store, VppToken token, bool full, IProgress<ProgressReport> progress, int activity,
        PipelineOutbox? debug, CancellationToken cancellation)
    {
        AppleTrace.Use(debug is null ? null : line => debug.Post(() => WriteDebug($"Apple ({token.Name}): {line}")));
        return token.IsLegacy
            ? await new LegacySync(store, ModuleSettings.AppleClient) { Claims = ClaimPolicy }.SyncAsync(token, progress, activity, cancellation).ConfigureAwait(false)
            : await new TokenSync(store, ModuleSettings.AppleClient) { Claims = ClaimPolicy }.SyncAsync(token, full, progress, activity, cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// On the pipeline thread: what one token's sync did, or why it failed (a non-terminating error
    /// naming the token). Returns a failure the module cannot explain, to be rethrown once every token has ended.
    /// </summary>
    private Exception? Report(VppToken token, Task<SyncSummary> task)
    {
        if (task.Status == TaskStatus.RanToCompletion)
        {
            var summary = task.Result;
            WriteNote(summary.ToString());
            if (summary.FullReason is { } reason)
            {
                WriteCaution($"The sync of token '{token.Name}' read every assignment instead of only Apple's changes since the last sync. {reason}");
            }

            if (PassThru.IsPresent) WriteOutput(summary);
            return null;
        }

        // Stopped by Ctrl+C: the token says so itself (Interrupted), and PowerShell takes no more records.
        var error = task.Exception?.GetBaseException() ?? new OperationCanceledException();
        if (error is OperationCanceledException && Cancellation.IsCancellationRequested) return null;
        if (error is SyncLeftException left)
        {
            WriteOutcome(left.Message);
            return null;
        }

        var explained = error as VppException ?? Explain(error);
        if (explained is null) return error;
        WriteTargetError(explained.Message.Contains(token.Name) ? explained : NamingToken(explained, token));
        return null;
    }

    /// <summary>The same error, its message led by the token's name; what it carries (such as a SQLSTATE) kept.</summary>
    private static VppException NamingToken(VppException error, VppToken token)
    {
        var named = new VppException(error.ErrorId, error.Category, $"Token '{token.Name}': {error.Message}", error.Target ?? token,
            error.RecommendedAction, error);
        foreach (System.Collections.DictionaryEntry entry in error.Data) named.Data[entry.Key] = entry.Value;
        return named;
    }

    /// <summary>A token another worker synced after this command began is not synced again, unless -Full asks to read everything.</summary>
    private SyncClaimPolicy ClaimPolicy => new(Wait.IsPresent, Full.IsPresent ? null : started);
}
