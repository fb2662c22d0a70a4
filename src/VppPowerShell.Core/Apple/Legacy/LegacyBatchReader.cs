using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace VppPowerShell.Core.Apple.Legacy;

/// <summary>
/// Reads every batch of a v1 batched listing (API §7.4) in as few requests as the batching allows:
/// one per batch. The first call returns batch 1, <c>totalBatchCount</c> and a <c>batchToken</c>;
/// batches 2…N are then asked for with that token and <c>overrideIndex</c>, up to 5 in flight, and
/// handed to the consumer one at a time, in order (memory holds a few batches, never the set). The
/// last batch is the one carrying <c>sinceModifiedToken</c> — not the one without a batchToken.
/// Without a usable <c>totalBatchCount</c>, or when batch N is not the last after all, it follows
/// <c>batchToken</c> one batch at a time. A failed batch is resent with the same batchToken (the
/// transport resends the same body).
/// </summary>
internal static class LegacyBatchReader
{
    /// <param name="fetch">(batchToken, overrideIndex) → the batch; (null, null) is the first call.</param>
    /// <param name="consume">Gets each batch once, in order, one at a time.</param>
    /// <param name="endpoint">Names the listing in errors.</param>
    /// <param name="cancellation">Stops the read.</param>
    public static async Task<LegacyReadResult> ReadAllAsync<TBatch>(Func<string?, int?, CancellationToken, Task<TBatch>> fetch,
        Func<TBatch, Task> consume, string endpoint, CancellationToken cancellation)
        where TBatch : LegacyBatch
    {
        var first = await fetch(null, null, cancellation).ConfigureAwait(false);
        int batches = 1;
        long records = first.Count;
        int? estimate = first.TotalCount;
        await consume(first).ConfigureAwait(false);
        if (first.SinceModifiedToken is { Length: > 0 }) return new LegacyReadResult(batches, records, estimate, first.SinceModifiedToken);
        var token = Continuation(first, endpoint, batches);

        int total = first.TotalBatchCount ?? 0;
        if (total >= 2)
        {
            var window = new Queue<(int Index, Task<TBatch> Batch)>();
            var next = 2;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            try
            {
                while (true)
                {
                    while (window.Count < AppleClientOptions.MaxInFlightPerToken && next <= total)
                    {
                        window.Enqueue((next, fetch(token, next, linked.Token)));
                        next++;
                    }

                    var (index, pending) = window.Dequeue();
                    var batch = await pending.ConfigureAwait(false);
                    batches++;
                    records += batch.Count;
                    await consume(batch).ConfigureAwait(false);
                    if (batch.SinceModifiedToken is { Length: > 0 })
                    {
                        // Normally batch N; earlier means the set shrank: later batches are not needed.
                        linked.Cancel();
                        await DrainAsync(window).ConfigureAwait(false);
                        return new LegacyReadResult(batches, records, estimate, batch.SinceModifiedToken);
                    }

                    if (index == total)
                    {
                        token = Continuation(batch, endpoint, batches);
                        break; // batch N was not the last: follow its batchToken
                    }
                }
            }
            catch
            {
                linked.Cancel();
                await DrainAsync(window).ConfigureAwait(false);
                throw;
            }
        }

        // One batch at a time, following batchToken until the batch that carries sinceModifiedToken.
        while (true)
        {
            var batch = await fetch(token, null, cancellation).ConfigureAwait(false);
            batches++;
            records += batch.Count;
            await consume(batch).ConfigureAwait(false);
            if (batch.SinceModifiedToken is { Length: > 0 }) return new LegacyReadResult(batches, records, estimate, batch.SinceModifiedToken);
            var following = Continuation(batch, endpoint, batches);
            if (string.Equals(following, token, StringComparison.Ordinal))
            {
                throw Incomplete(endpoint, batches, "it sent the same batch token again without ending the batches");
            }

            token = following;
        }
    }

    private static string Continuation(LegacyBatch batch, string endpoint, int batches) =>
        batch.BatchToken is { Length: > 0 } token
            ? token
            : throw Incomplete(endpoint, batches, "a batch without sinceModifiedToken gave no batchToken to continue with");

    private static VppException Incomplete(string endpoint, int batches, string why) =>
        new(VppErrorIds.AppleLegacyBatchesIncomplete, VppErrorCategory.InvalidData,
            $"Apple's legacy service ended {endpoint} after {batches} batch(es) without marking the last one: {why}. What was read is incomplete.",
            target: endpoint, recommendedAction: "Run the command again; if it persists, report it with the request details.");

    private static async Task DrainAsync<TBatch>(Queue<(int Index, Task<TBatch> Batch)> window)
    {
        while (window.Count > 0)
        {
            try
            {
                await window.Dequeue().Batch.ConfigureAwait(false);
            }
            catch
            {
                // Abandoned reads: their outcome no longer matters.
            }
        }
    }
}
