using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple.Wire;

namespace VppPowerShell.Core.Apple;

/// <summary>
/// Reads every page of a paginated endpoint (API §7): up to 5 pages in flight, handed to the
/// consumer one at a time and in order, so memory holds a few pages, never the whole set. It
/// follows <c>nextPageIndex</c> and the latest <c>totalPages</c>, and returns the first page's
/// <c>versionId</c>, which Apple says to use as the next <c>sinceVersionId</c>.
/// <para>
/// Every page is checked against what was asked: it must be the page asked for, and a
/// <c>nextPageIndex</c> must move forward. A full read (one given <c>restart</c>) must see one
/// <c>versionId</c> on every page: when the data changes under it the walk starts again (the
/// consumer is told to forget what it saw), a bounded number of times. A walk that goes on far
/// past the page count the first page announced stops with an error instead of reading forever.
/// </para>
/// </summary>
internal static class PageReader
{
    /// <summary>Walks started again after a versionId change before giving up.</summary>
    public const int MaxRestarts = 3;

    /// <summary>A walk may read this many times the first page's page count (plus <see cref="ExtraPages"/>), data growing meanwhile included.</summary>
    public const int PageCountFactor = 2;

    public const int ExtraPages = 16;

    /// <summary>Apple's "page index out of range".</summary>
    private const int OutOfRange = 9650;

    public static async Task<string?> ReadAllAsync<TPage>(Func<int, CancellationToken, Task<TPage>> fetch,
        Func<TPage, Task> consume, CancellationToken cancellation, Func<Task>? restart = null, string what = "pages")
        where TPage : Page
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await WalkAsync(fetch, consume, restart is not null, what, cancellation).ConfigureAwait(false);
            }
            catch (VersionChanged changed) when (restart is not null)
            {
                if (attempt >= MaxRestarts)
                {
                    throw new VppException(VppErrorIds.AppleDataKeptChanging, VppErrorCategory.ResourceBusy,
                        $"Apple's {what} changed {attempt + 1} times while they were read page by page (version {changed.First} became {changed.Now}); nothing of this read was kept.",
                        target: what, recommendedAction: "Run the command again when fewer changes are being made to the location.");
                }

                await restart().ConfigureAwait(false);
            }
        }
    }

    private static async Task<string?> WalkAsync<TPage>(Func<int, CancellationToken, Task<TPage>> fetch,
        Func<TPage, Task> consume, bool sameVersion, string what, CancellationToken cancellation)
        where TPage : Page
    {
        var first = await fetch(0, cancellation).ConfigureAwait(false);
        CheckPage(first, 0, what);
        var version = first.VersionId;
        await consume(first).ConfigureAwait(false);
        if (first.NextPageIndex is null) return version;

        var limit = (long)Math.Max(first.TotalPages, 1) * PageCountFactor + ExtraPages;
        var read = 1L;
        var window = new Queue<(int Index, Task<TPage> Page)>();
        var next = first.NextPageIndex.Value;
        var lastKnown = Math.Max(first.TotalPages - 1, next);
        Page said = first;
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
                TPage page;
                try
                {
                    page = await pending.ConfigureAwait(false);
                }
                catch (AppleServiceException e) when (e.ErrorNumber == OutOfRange && e.NumberSent)
                {
                    throw PastTheEnd(e, said, index, what);
                }

                CheckPage(page, index, what);
                if (sameVersion && !string.Equals(page.VersionId, version, StringComparison.Ordinal))
                {
                    throw new VersionChanged(version, page.VersionId);
                }

                await consume(page).ConfigureAwait(false);
                said = page;
                if (++read > limit)
                {
                    throw new VppException(VppErrorIds.ApplePagingDidNotEnd, VppErrorCategory.InvalidResult,
                        $"Apple kept announcing more {what} after {read.ToString("N0", CultureInfo.InvariantCulture)} pages, though the first page announced {first.TotalPages.ToString("N0", CultureInfo.InvariantCulture)}; the read was stopped and nothing of it was kept.",
                        target: what, recommendedAction: "Run the command again later; if it persists, report it with the token's service URL.");
                }

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

    /// <summary>The page is the one asked for, and its nextPageIndex, if any, moves forward.</summary>
    private static void CheckPage(Page page, int asked, string what)
    {
        if (page.CurrentPageIndex != asked)
        {
            throw Unexpected(what, $"page {asked.ToString(CultureInfo.InvariantCulture)} was asked for, Apple answered page {page.CurrentPageIndex.ToString(CultureInfo.InvariantCulture)}");
        }

        if (page.NextPageIndex is { } following && following <= asked)
        {
            throw new VppException(VppErrorIds.ApplePagingDidNotEnd, VppErrorCategory.InvalidResult,
                $"Apple's page {asked.ToString(CultureInfo.InvariantCulture)} of {what} named page {following.ToString(CultureInfo.InvariantCulture)} as the next one; following it would never end. The read was stopped and nothing of it was kept.",
                target: what, recommendedAction: "Run the command again later; if it persists, report it with the token's service URL.");
        }
    }

    /// <summary>
    /// A page Apple calls out of range, though the page before it named a next one: what Apple sent,
    /// in the admin's page numbers (from 1), Apple's own index beside them.
    /// </summary>
    private static VppException PastTheEnd(AppleServiceException answer, Page said, int asked, string what)
    {
        static string Number(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);
        var next = said.NextPageIndex ?? asked;
        return new VppException(answer.ErrorId, answer.Category,
            $"Apple's page {Number(said.CurrentPageIndex)} of {said.TotalPages.ToString(CultureInfo.InvariantCulture)} of {what} said the next page is {Number(next)} (nextPageIndex {next.ToString(CultureInfo.InvariantCulture)}), then answered that page {Number(asked)} is out of range (Apple error {OutOfRange.ToString(CultureInfo.InvariantCulture)} on {answer.Endpoint}). The read was stopped.",
            target: what, recommendedAction: "Run the command again; if it persists, report it with the token's service URL.", innerException: answer);
    }

    /// <summary>An answer that does not fit what was asked: refused, never stored.</summary>
    public static VppException Unexpected(string what, string detail) =>
        new(VppErrorIds.AppleAnswerUnexpected, VppErrorCategory.InvalidResult,
            $"Apple's answer for {what} did not fit the request: {detail}. Nothing of it was stored.",
            target: what, recommendedAction: "Run the command again; if it persists, check that the token's service URL points at Apple.");

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

    /// <summary>The data set moved to another version between two pages of a full read.</summary>
    private sealed class VersionChanged : Exception
    {
        public VersionChanged(string? first, string? now)
            : base("The data changed between two pages.")
        {
            First = first;
            Now = now;
        }

        public string? First { get; }

        public string? Now { get; }
    }
}
