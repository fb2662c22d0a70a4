using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Apple.Wire;
using VppPowerShell.Core.Tests.Sync;
using VppPowerShell.Simulator;
using VppPowerShell.Simulator.Model;
using Xunit;

namespace VppPowerShell.Core.Tests.Apple;

public sealed class AppleErrorTests
{
    /// <summary>Every number of API §9.2.</summary>
    public static readonly int[] V2Numbers =
    {
        9601, 9602, 9603, 9609, 9621, 9625, 9634, 9646, 9650, 9700, 9701, 9702, 9703, 9704, 9705, 9706, 9707, 9708, 9709,
        9710, 9711, 9712, 9713, 9714, 9715, 9716, 9717, 9718, 9719, 9720, 9721, 9722, 9723, 9724, 9725, 9726, 9727, 9728,
    };

    public static IEnumerable<object[]> Numbers => V2Numbers.Concat(new[] { 9622 }).Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Numbers))]
    public void Every_v2_error_number_has_a_stable_id_a_plain_message_and_what_to_do(int number)
    {
        var error = AppleErrors.For(number);

        Assert.NotEqual("AppleError" + number, error.ErrorId);
        Assert.StartsWith("Apple", error.ErrorId);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.False(string.IsNullOrWhiteSpace(error.Action));
    }

    [Fact]
    public void Error_ids_are_unique_and_unknown_numbers_still_read_clearly()
    {
        Assert.Equal(AppleErrors.All.Count, AppleErrors.All.Select(e => e.ErrorId).Distinct().Count());
        var unknown = AppleErrors.For(9999);
        Assert.Equal("AppleError9999", unknown.ErrorId);
        Assert.Contains("9999", unknown.Message);
    }

    [Fact]
    public void Token_errors_set_the_token_state_R_T6()
    {
        Assert.Equal(Tokens.TokenState.Expired, AppleErrors.For(9621).TokenState);
        Assert.Equal(Tokens.TokenState.Invalid, AppleErrors.For(9625).TokenState);
        Assert.Equal(Tokens.TokenState.Invalid, AppleErrors.For(9622).TokenState);
        Assert.Equal(Tokens.TokenState.Invalid, AppleErrors.For(9601).TokenState);
        Assert.Null(AppleErrors.For(9709).TokenState);
    }

    [Fact]
    public async Task Errors_Apple_answers_reach_the_caller_as_typed_exceptions()
    {
        var options = new SimulatorOptions();
        options.Limits.MaxSerialNumbers = 2;
        using var simulator = AppleSimulator.Start(options);
        var location = simulator.AddLocation("Errors");
        location.AddAsset("100", 10);
        location.AddAsset("300", 10, productType: "Book", deviceAssignable: false, revocable: false);
        var client = new AppleServiceClient(simulator.BaseUri, location.TokenFileContent, Guid.NewGuid().ToString(), SyncHarness.FastRetries);
        var none = CancellationToken.None;
        static ManageAssetsRequest Devices(string adamId, params string[] serials) =>
            new() { Assets = new() { new AssetKey { AdamId = adamId, PricingParam = "STDQ" } }, SerialNumbers = serials.ToList() };

        await Expect(9650, () => client.GetAssignmentsPageAsync(99, null, null, null, none));
        await Expect(9721, () => client.GetAssignmentsPageAsync(0, "not-a-version", null, null, none));
        await Expect(9708, () => client.GetEventStatusAsync(Guid.NewGuid().ToString(), none));
        await Expect(9702, () => client.AssociateAsync(Devices("100", "A", "B", "C"), none));
        await Expect(9705, () => client.AssociateAsync(Devices("100", "A", "A"), none));
        await Expect(9707, () => client.AssociateAsync(Devices("300", "A"), none));
        await Expect(9706, () => client.DisassociateAsync(Devices("300", "A"), none));
        await Expect(9718, () => client.AssociateAsync(new ManageAssetsRequest { SerialNumbers = new() { "A" } }, none));
        await Expect(9719, () => client.AssociateAsync(new ManageAssetsRequest { Assets = new() { new AssetKey { AdamId = "100" } } }, none));
        await Expect(9720, () => client.CreateUsersAsync(new ManageUsersRequest { Users = null! }, none));
        await Expect(9717, () => client.CreateUsersAsync(new ManageUsersRequest { Users = new() { new RequestUser { ClientUserId = "u1", Email = "not an email" } } }, none));

        var unknown = new AppleServiceClient(simulator.BaseUri, "dW5rbm93bg==", Guid.NewGuid().ToString(), SyncHarness.FastRetries);
        await Expect(9622, () => unknown.GetAssetsPageAsync(0, none));
    }

    [Fact]
    public async Task An_asynchronous_failure_is_reported_per_pair_in_the_event_status()
    {
        using var simulator = AppleSimulator.Start();
        var location = simulator.AddLocation("Events");
        location.AddAsset("100", 2);
        var client = new AppleServiceClient(simulator.BaseUri, location.TokenFileContent, Guid.NewGuid().ToString(), SyncHarness.FastRetries);
        var request = new ManageAssetsRequest
        {
            Assets = new() { new AssetKey { AdamId = "100", PricingParam = "STDQ" } },
            SerialNumbers = new() { "S1", "S2", "S3", "S4" },
        };

        var accepted = await client.AssociateAsync(request, CancellationToken.None);
        var status = await client.GetEventStatusAsync(accepted.EventId!, CancellationToken.None);

        Assert.Equal(StatusResponse.Failed, status.EventStatus);
        Assert.Equal(4, status.NumRequested);
        Assert.Equal(2, status.NumCompleted);
        var failure = Assert.Single(status.Failures!);
        Assert.Equal(9709, failure.ErrorNumber);
        Assert.Equal(new[] { "S3", "S4" }, failure.ErrorInfo!.SerialNumbers);
        Assert.Equal("AppleNoLicenseAvailable", AppleErrors.For(failure.ErrorNumber).ErrorId);
    }

    [Fact]
    public async Task A_long_Retry_After_fails_clearly_instead_of_waiting()
    {
        var options = new SimulatorOptions();
        options.Faults.TooManyRequestsRate = 1.0;
        options.Faults.RetryAfterSeconds = 3600;
        using var simulator = AppleSimulator.Start(options);
        var location = simulator.AddLocation("Busy");
        var client = new AppleServiceClient(simulator.BaseUri, location.TokenFileContent, Guid.NewGuid().ToString(), SyncHarness.FastRetries);

        var error = await Assert.ThrowsAsync<AppleServiceException>(() => client.GetAssetsPageAsync(0, CancellationToken.None));

        Assert.Equal(9646, error.ErrorNumber);
        Assert.Contains("3600", error.Message);
        Assert.Equal(1, simulator.Statistics.TotalRequests);
    }

    [Fact]
    public async Task Retry_After_is_honoured_before_trying_again()
    {
        var options = new SimulatorOptions();
        options.Faults.TooManyRequestsRate = 1.0;
        options.Faults.RetryAfterSeconds = 1;
        using var simulator = AppleSimulator.Start(options);
        var location = simulator.AddLocation("Busy");
        var client = new AppleServiceClient(simulator.BaseUri, location.TokenFileContent, Guid.NewGuid().ToString(), SyncHarness.FastRetries);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var task = client.GetAssetsPageAsync(0, CancellationToken.None);
        await Task.Delay(300);
        options.Faults.TooManyRequestsRate = 0;
        await task;

        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.95), $"retried after {watch.Elapsed.TotalSeconds:0.00} s");
        Assert.Equal(2, simulator.Statistics.TotalRequests);
    }

    [Fact]
    public async Task Cancelling_stops_waiting_promptly()
    {
        var options = new SimulatorOptions();
        options.Faults.Latency = TimeSpan.FromSeconds(30);
        using var simulator = AppleSimulator.Start(options);
        var location = simulator.AddLocation("Slow");
        var client = new AppleServiceClient(simulator.BaseUri, location.TokenFileContent, Guid.NewGuid().ToString(), SyncHarness.FastRetries);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAssetsPageAsync(0, cancel.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    private static async Task Expect(int number, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<AppleServiceException>(call);
        Assert.Equal(number, error.ErrorNumber);
        Assert.Equal(AppleErrors.For(number).ErrorId, error.ErrorId);
    }
}
