using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using VppPowerShell.Simulator.Model;
using Xunit;

namespace VppPowerShell.Simulator.Tests;

public class FaultAndStatisticsTests
{
    [Fact]
    public async Task Too_many_requests_is_429_9646_with_retry_after()
    {
        using var h = new SimHarness();
        h.Simulator.Options.Faults.TooManyRequestsRate = 1.0;
        h.Simulator.Options.Faults.RetryAfterSeconds = 7;

        var reply = await h.GetAsync("assets");

        reply.AssertError(HttpStatusCode.TooManyRequests, 9646);
        Assert.Equal(TimeSpan.FromSeconds(7), reply.RetryAfter);
        // Service config is exempt unless told otherwise.
        (await h.GetAsync("service/config")).AssertOk();
        h.Simulator.Options.Faults.ApplyToServiceConfig = true;
        (await h.GetAsync("service/config")).AssertError(HttpStatusCode.TooManyRequests, 9646);
    }

    [Fact]
    public async Task Server_error_is_500_9603_with_optional_retry_after()
    {
        using var h = new SimHarness();
        h.Simulator.Options.Faults.ServerErrorRate = 1.0;

        var plain = await h.GetAsync("users");
        plain.AssertError(HttpStatusCode.InternalServerError, 9603);
        Assert.Null(plain.RetryAfter);

        h.Simulator.Options.Faults.ServerErrorRetryAfterSeconds = 120;
        var withRetry = await h.PostAsync("users/create", "{\"users\":[{\"clientUserId\":\"a\"}]}");
        withRetry.AssertError(HttpStatusCode.InternalServerError, 9603);
        Assert.Equal(TimeSpan.FromSeconds(120), withRetry.RetryAfter);
        Assert.Empty(h.Location.Users); // nothing was done
    }

    [Fact]
    public async Task Dropped_connection_gives_no_response_at_all()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 1);
        h.Simulator.Options.Faults.DropConnectionRate = 1.0;

        await Assert.ThrowsAsync<HttpRequestException>(() => h.Http.GetAsync("assets"));
        await Assert.ThrowsAsync<HttpRequestException>(() =>
            h.Http.PostAsync("assets/associate", new StringContent("{\"assets\":[{\"adamId\":\"100\"}],\"serialNumbers\":[\"S1\"]}", System.Text.Encoding.UTF8, "application/json")));
        Assert.Equal(0, h.Location.AssignmentCount);

        h.Simulator.Options.Faults.DropConnectionRate = 0;
        (await h.GetAsync("assets")).AssertOk();
    }

    [Fact]
    public async Task Dropped_response_loses_the_answer_but_the_write_is_applied()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 1);
        h.Simulator.Options.Faults.DropResponseRate = 1.0;

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            h.Http.PostAsync("assets/associate", new StringContent("{\"assets\":[{\"adamId\":\"100\"}],\"serialNumbers\":[\"S1\"]}", System.Text.Encoding.UTF8, "application/json")));

        Assert.True(h.Location.HasAssignment("100", serialNumber: "S1"));
        Assert.InRange(h.Location.EventCount, 1, 2); // the client may resend once on a reused connection
        Assert.Equal(1, h.Location.FindAsset("100")!.AssignedCount);
    }

    [Fact]
    public async Task Scripted_faults_come_first_then_normal_service()
    {
        using var h = new SimHarness();
        h.Simulator.Options.Faults.Enqueue(SimulatedFault.ServerError, 2);
        h.Simulator.Options.Faults.Enqueue(SimulatedFault.ServiceUnavailable);

        (await h.GetAsync("assets")).AssertError(HttpStatusCode.InternalServerError, 9603);
        (await h.GetAsync("assets")).AssertError(HttpStatusCode.InternalServerError, 9603);
        var unavailable = await h.GetAsync("assets");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.Status);
        Assert.NotNull(unavailable.RetryAfter);
        (await h.GetAsync("assets")).AssertOk();
    }

    [Fact]
    public async Task Random_faults_are_reproducible_from_the_seed()
    {
        using var h = new SimHarness();
        var faults = h.Simulator.Options.Faults;
        faults.TooManyRequestsRate = 0.3;
        faults.ServerErrorRate = 0.2;

        async Task<string> Pattern()
        {
            var codes = new List<int>();
            for (int i = 0; i < 30; i++) codes.Add((int)(await h.GetAsync("assets")).Status);
            return string.Join(",", codes);
        }

        faults.Seed = 42;
        string first = await Pattern();
        faults.Seed = 42;
        string second = await Pattern();

        Assert.Equal(first, second);
        Assert.Contains("429", first);
        Assert.Contains("500", first);
        Assert.Contains("200", first);
    }

    [Fact]
    public async Task Statistics_count_per_endpoint_and_peak_in_flight_overall_and_per_token()
    {
        using var h = new SimHarness();
        var other = h.Simulator.AddLocation("Other");
        h.Simulator.Options.Faults.Latency = TimeSpan.FromMilliseconds(300);

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => h.GetAsync("assignments")));
        await h.GetAsync("users", token: other.TokenFileContent);
        await h.PostAsync("users/create", "{\"users\":[{\"clientUserId\":\"a\"}]}");

        var stats = h.Simulator.Statistics;
        Assert.Equal(7, stats.TotalRequests);
        Assert.Equal(5, stats.Requests("GET assignments"));
        Assert.Equal(1, stats.Requests("POST users/create"));
        Assert.Equal(1, stats.RequestsByEndpoint["GET users"]);
        Assert.Equal(5, stats.PeakInFlight);
        Assert.Equal(5, stats.PeakInFlightForToken(h.Location.UId));
        Assert.Equal(1, stats.PeakInFlightForToken(other.UId));

        stats.Reset();
        Assert.Equal(0, stats.TotalRequests);
        Assert.Equal(0, stats.PeakInFlight);
        Assert.Equal(0, stats.PeakInFlightForToken(h.Location.UId));
        Assert.Empty(stats.RequestsByEndpoint);
    }

    [Fact]
    public async Task Options_can_change_while_running()
    {
        using var h = new SimHarness();
        for (int i = 0; i < 5; i++) h.Location.AddAsset(i.ToString(), 1);
        Assert.Equal(1, (await h.GetAsync("assets")).Json.Int("totalPages"));
        h.Simulator.Options.PageSize = 2;
        Assert.Equal(3, (await h.GetAsync("assets")).Json.Int("totalPages"));
        h.Simulator.Options.Limits.MaxAssets = 1;
        Assert.Equal(1, (await h.GetAsync("service/config")).Json.GetProperty("limits").Int("maxAssets"));
    }
}
