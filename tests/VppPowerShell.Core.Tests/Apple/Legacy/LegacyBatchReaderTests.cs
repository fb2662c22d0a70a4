using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple.Legacy;
using Xunit;

namespace VppPowerShell.Core.Tests.Apple.Legacy;

/// <summary>The batching rules (API §7.4) against scripted answers, including shapes the simulator does not produce.</summary>
public sealed class LegacyBatchReaderTests
{
    private static LegacyLicensesResponse Batch(int records, string? batchToken = null, string? since = null, int? total = null, int? totalCount = null) => new()
    {
        Status = 0,
        Licenses = Enumerable.Range(0, records).Select(i => new LegacyLicenseWire { LicenseIdStr = i.ToString() }).ToList(),
        BatchToken = batchToken,
        SinceModifiedToken = since,
        TotalBatchCount = total,
        TotalCount = totalCount,
    };

    private static async Task<(LegacyReadResult Result, List<int> Sizes)> Run(Func<string?, int?, LegacyLicensesResponse> answer)
    {
        var sizes = new List<int>();
        var result = await LegacyBatchReader.ReadAllAsync<LegacyLicensesResponse>(
            (token, index, _) => Task.Run(() => answer(token, index)),
            batch => { sizes.Add(batch.Count); return Task.CompletedTask; },
            "POST getVPPLicensesSrv", CancellationToken.None);
        return (result, sizes);
    }

    [Fact]
    public async Task One_batch_with_sinceModifiedToken_is_the_whole_answer()
    {
        var calls = 0;
        var (result, sizes) = await Run((_, _) => { calls++; return Batch(3, batchToken: "echo", since: "S", total: 1, totalCount: 3); });

        Assert.Equal(1, calls);
        Assert.Equal(new[] { 3 }, sizes);
        Assert.Equal("S", result.SinceModifiedToken);
        Assert.Equal(3, result.EstimatedCount);
    }

    [Fact]
    public async Task Batches_two_to_N_go_out_by_overrideIndex_with_the_first_token_five_at_most_at_once_and_come_back_in_order()
    {
        var asked = new ConcurrentBag<(string? Token, int? Index)>();
        int inFlight = 0, peak = 0;
        var sizes = new List<int>();
        // Each answer waits without holding a thread, so the reader's concurrency shows whatever the thread pool's size.
        var result = await LegacyBatchReader.ReadAllAsync<LegacyLicensesResponse>(
            async (token, index, cancellation) =>
            {
                asked.Add((token, index));
                int now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref peak, now);
                await Task.Delay(index == 3 ? 60 : 10, cancellation); // a slow batch must not reorder the output
                Interlocked.Decrement(ref inFlight);
                if (token is null) return Batch(10, "T1", total: 12, totalCount: 115);
                return index == 12 ? Batch(5, "T12", since: "S") : Batch(10 + index!.Value, "T" + (index + 1));
            },
            batch => { sizes.Add(batch.Count); return Task.CompletedTask; },
            "POST getVPPLicensesSrv", CancellationToken.None);

        Assert.Equal(12, asked.Count);
        Assert.All(asked.Where(a => a.Token != null), a => Assert.Equal("T1", a.Token));
        Assert.Equal(Enumerable.Range(2, 11), asked.Where(a => a.Token != null).Select(a => a.Index!.Value).OrderBy(i => i));
        Assert.InRange(peak, 2, 5);
        Assert.Equal(new[] { 10 }.Concat(Enumerable.Range(2, 10).Select(i => 10 + i)).Concat(new[] { 5 }), sizes);
        Assert.Equal(12, result.Batches);
        Assert.Equal("S", result.SinceModifiedToken);
    }

    [Fact]
    public async Task Without_totalBatchCount_it_follows_batchToken_until_sinceModifiedToken()
    {
        var asked = new List<string?>();
        var (result, sizes) = await Run((token, index) =>
        {
            Assert.Null(index);
            asked.Add(token);
            return token switch
            {
                null => Batch(2, "A"),
                "A" => Batch(2, "B"),
                _ => Batch(1, "B", since: "S"), // the last batch still carries a batchToken
            };
        });

        Assert.Equal(new string?[] { null, "A", "B" }, asked);
        Assert.Equal(new[] { 2, 2, 1 }, sizes);
        Assert.Equal(3, result.Batches);
        Assert.Equal("S", result.SinceModifiedToken);
    }

    [Fact]
    public async Task When_batch_N_is_not_the_last_it_goes_on_following_batchToken()
    {
        var (result, sizes) = await Run((token, index) =>
        {
            if (token is null) return Batch(4, "T1", total: 2);
            if (index == 2) return Batch(4, "T3"); // the set grew after the first call
            Assert.Equal("T3", token);
            return Batch(1, since: "S");
        });

        Assert.Equal(new[] { 4, 4, 1 }, sizes);
        Assert.Equal(3, result.Batches);
        Assert.Equal("S", result.SinceModifiedToken);
    }

    [Fact]
    public async Task An_early_sinceModifiedToken_ends_the_read()
    {
        var (result, sizes) = await Run((token, index) =>
            token is null ? Batch(4, "T1", total: 4) : index == 2 ? Batch(1, "T3", since: "S") : Batch(4, "T" + (index + 1)));

        Assert.Equal(new[] { 4, 1 }, sizes);
        Assert.Equal(2, result.Batches);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_read_that_cannot_reach_its_last_batch_fails_instead_of_returning_part(bool repeatToken)
    {
        var error = await Assert.ThrowsAsync<VppException>(() => Run((token, _) =>
            token is null ? Batch(2, "A") : repeatToken ? Batch(2, "A") : Batch(2)));

        Assert.Equal("AppleLegacyBatchesIncomplete", error.ErrorId);
        Assert.Equal(VppErrorCategory.InvalidData, error.Category);
    }

    [Fact]
    public async Task A_failing_batch_fails_the_read_and_abandons_the_others()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Run((token, index) =>
            token is null ? Batch(1, "T1", total: 9) : index == 3 ? throw new InvalidOperationException("boom") : Batch(1, "x")));

        Assert.Equal("boom", error.Message);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
