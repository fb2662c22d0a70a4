using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple.Wire;

namespace VppPowerShell.Core.Apple;

/// <summary>
/// Reads every page of a paginated endpoint (API §7): up to 5 pages in flight, handed to the
/// consumer one at a time and in order, so memory holds a few pages, never the whole set. It
/// follows <c>nextPageIndex</c> and the latest <c>totalPages</c>, and returns the first page's
/// <c>versionId</c>, which Apple says to use as the next <c>sinceVersionId</c>.
/// </summary>
internal static class PageReader
{
    public static async Task<string?> ReadAllAsync<TPage>(Func<int, CancellationToken, Task<TPage>> fetch,
        Func<TPage, Task> consume, CancellationToken cancellation)
        where TPage : Page
    {
        var first = await fetch(0, cancellation).ConfigureAwait(false);
        var version = first.VersionId;
        await consume(first).ConfigureAwait(false);
        if (first.NextPageIndex is null) return version;

        var window = new Queue<(int Index, Task<TPage> Page)>();
        var next = first.NextPageIndex.Value;
        var lastKnown = Math.Max(first.TotalPages - 1, next);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        try
        {
            while (true)
            {
                while (window.Count < AppleClientOptions.MaxInFlightPerToken && next <= lastKnown)
                {
                    window.Enqueue((next, fetch(next, linked.Token)));
                    next++;
                }

                if (window.Count == 0) return version;
                var (index, pending) = window.Dequeue();
                var page = await pending.ConfigureAwait(false);
                await consume(page).ConfigureAwait(false);
                if (page.NextPageIndex is null)
                {
                    // The set shrank under us: pages already asked for beyond this one are not needed.
                    linked.Cancel();
                    await DrainAsync(window).ConfigureAwait(false);
                    return version;
                }

                lastKnown = Math.Max(lastKnown, Math.Max(page.TotalPages - 1, page.NextPageIndex.Value));
                if (page.NextPageIndex.Value > index + 1 && page.NextPageIndex.Value >= next) next = page.NextPageIndex.Value;
            }
        }
        catch
        {
            linked.Cancel();
            await DrainAsync(window).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task DrainAsync<TPage>(Queue<(int Index, Task<TPage> Page)> window)
    {
        while (window.Count > 0)
        {
            try
            {
                await window.Dequeue().Page.ConfigureAwait(false);
            }
            catch
            {
                // Abandoned reads: their outcome no longer matters.
            }
        }
    }
}
