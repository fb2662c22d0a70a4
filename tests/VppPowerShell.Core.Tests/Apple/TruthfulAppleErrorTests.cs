using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Apple.Legacy;
using VppPowerShell.Core.Apple.Wire;
using VppPowerShell.Simulator;
using VppPowerShell.Simulator.Model;
using Xunit;

namespace VppPowerShell.Core.Tests.Apple;

/// <summary>An error says what Apple sent and what the module did: no invented number, retry or cause.</summary>
public sealed class TruthfulAppleErrorTests
{
    private static readonly AppleClientOptions Fast = new()
    {
        FirstRetryDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromMilliseconds(2),
        MaxRetries = 2,
    };

    [Fact]
    public async Task A_503_without_Apples_JSON_names_the_HTTP_status_and_no_Apple_number()
    {
        using var simulator = AppleSimulator.Start();
        var location = simulator.AddLocation("Proxy");
        simulator.Options.Faults.ServerErrorRetryAfterSeconds = 0;
        simulator.Options.Faults.Enqueue(SimulatedFault.BareServiceUnavailable, 3);
        var client = new AppleServiceClient(simulator.BaseUri, location.TokenFileContent, Guid.NewGuid().ToString(), Fast);

        var error = await Assert.ThrowsAsync<AppleServiceException>(() => client.GetAssetsPageAsync(0, CancellationToken.None));

        Assert.False(error.NumberSent);
        Assert.Equal(503, error.HttpStatus);
        Assert.Contains("HTTP 503", error.Message);
        Assert.Contains("no error number", error.Message);
        Assert.DoesNotContain("9603", error.Message);
        Assert.DoesNotContain("internal error", error.Message);
        Assert.Equal(3, client.Requests);
    }

    [Fact]
    public async Task A_legacy_503_without_Apples_JSON_names_the_HTTP_status_and_no_Apple_number()
    {
        using var simulator = AppleSimulator.Start();
        var account = simulator.AddLegacyAccount("Proxy");
        var client = new LegacyServiceClient(simulator.LegacyServiceConfigUri, account.TokenFileContent, Guid.NewGuid().ToString(), Fast);
        simulator.Options.Faults.ServerErrorRetryAfterSeconds = 0;
        simulator.Options.Faults.Enqueue(SimulatedFault.BareServiceUnavailable, 3);

        var error = await Assert.ThrowsAsync<AppleServiceException>(() => client.GetAssetsAsync(CancellationToken.None));

        Assert.False(error.NumberSent);
        Assert.Contains("HTTP 503", error.Message);
        Assert.DoesNotContain("9646", error.Message);
        Assert.DoesNotContain("limiting", error.Message);
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_limit_says_how_long_until_when_and_that_the_module_did_not_wait()
    {
        using var simulator = AppleSimulator.Start();
        var location = simulator.AddLocation("Busy");
        simulator.Options.Faults.RetryAfterSeconds = 3600;
        simulator.Options.Faults.Enqueue(SimulatedFault.TooManyRequests);
        var options = new AppleClientOptions { MaxRetries = 2, MaxRetryAfter = TimeSpan.FromMinutes(5) };
        var client = new AppleServiceClient(simulator.BaseUri, location.TokenFileContent, Guid.NewGuid().ToString(), options);
        var before = DateTimeOffset.UtcNow;

        var error = await Assert.ThrowsAsync<AppleServiceException>(() => client.GetAssetsPageAsync(0, CancellationToken.None));

        Assert.Equal(1, client.Requests);
        Assert.Contains("asked to wait 3600 seconds", error.Message);
        Assert.Contains("did not wait", error.Message);
        Assert.Contains(before.AddSeconds(3600).UtcDateTime.ToString("yyyy-MM-dd HH:", System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.Contains("UTC", error.Message);
        Assert.DoesNotContain("retried", error.Message + error.RecommendedAction);
        Assert.Contains("UTC", error.RecommendedAction);
    }

    [Fact]
    public async Task Retries_that_ran_out_still_say_the_module_retried()
    {
        using var simulator = AppleSimulator.Start();
        var location = simulator.AddLocation("Busy");
        simulator.Options.Faults.ServerErrorRate = 1.0;
        var client = new AppleServiceClient(simulator.BaseUri, location.TokenFileContent, Guid.NewGuid().ToString(), Fast);

        var error = await Assert.ThrowsAsync<AppleServiceException>(() => client.GetAssetsPageAsync(0, CancellationToken.None));

        Assert.Equal(3, client.Requests);
        Assert.Contains("already retried 2 times", error.RecommendedAction);
    }

    [Fact]
    public void The_catalogue_claims_no_retry_since_not_every_answer_is_retried()
    {
        var actions = AppleErrors.All.Concat(LegacyAppleErrors.All).Select(e => e.Action);

        Assert.DoesNotContain(actions, a => a.Contains("retried", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_single_page_naming_a_next_page_past_the_end_is_reported_as_what_Apple_sent()
    {
        using var simulator = AppleSimulator.Start();
        var location = simulator.AddLocation("Paging");
        location.AddAsset("100", 10);
        simulator.Options.Quirks.NextPageIndexPastTheEnd = true;
        var client = new AppleServiceClient(simulator.BaseUri, location.TokenFileContent, Guid.NewGuid().ToString(), Fast);

        var error = await Assert.ThrowsAsync<VppException>(() => PageReader.ReadAllAsync<GetAssetsResponse>(
            client.GetAssetsPageAsync, _ => Task.CompletedTask, CancellationToken.None, restart: () => Task.CompletedTask, what: "assets"));

        Assert.Equal("ApplePageOutOfRange", error.ErrorId);
        Assert.Contains("page 1 of 1 of assets said the next page is 3", error.Message);
        Assert.DoesNotContain("changed", error.Message);
    }
}
