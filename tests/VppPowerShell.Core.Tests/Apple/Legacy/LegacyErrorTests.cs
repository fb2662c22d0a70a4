using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Apple.Legacy;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Simulator.Model;
using Xunit;

namespace VppPowerShell.Core.Tests.Apple.Legacy;

public sealed class LegacyErrorTests
{
    /// <summary>Every number of API §9.3.</summary>
    public static readonly int[] V1Numbers =
    {
        9600, 9601, 9602, 9603, 9604, 9605, 9606, 9607, 9608, 9609, 9610, 9611, 9612, 9613, 9614, 9615, 9616, 9617, 9618, 9619,
        9620, 9621, 9622, 9623, 9624, 9625, 9626, 9627, 9628, 9629, 9630, 9631, 9632, 9633, 9634, 9635, 9636, 9637, 9638, 9641,
        9642, 9643, 9644, 9645, 9646, 9649, 9650, 9729,
    };

    public static IEnumerable<object[]> Numbers => V1Numbers.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Numbers))]
    public void Every_v1_error_number_has_a_stable_id_a_plain_message_and_what_to_do(int number)
    {
        var error = LegacyAppleErrors.For(number);

        Assert.Equal(number, error.Number);
        Assert.NotEqual("AppleLegacyError" + number, error.ErrorId);
        Assert.StartsWith("AppleLegacy", error.ErrorId);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.False(string.IsNullOrWhiteSpace(error.Action));
    }

    [Fact]
    public void Ids_are_unique_never_v2_ids_and_unknown_numbers_still_read_clearly()
    {
        Assert.Equal(V1Numbers.Length, LegacyAppleErrors.All.Count);
        Assert.Equal(LegacyAppleErrors.All.Count, LegacyAppleErrors.All.Select(e => e.ErrorId).Distinct().Count());
        Assert.Empty(LegacyAppleErrors.All.Select(e => e.ErrorId).Intersect(AppleErrors.All.Select(e => e.ErrorId)));
        // The v2 catalogue keeps its ids for the numbers both versions use.
        Assert.Equal("AppleTokenExpired", AppleErrors.For(9621).ErrorId);
        Assert.Equal("AppleTooManyRequests", AppleErrors.For(9646).ErrorId);

        var unknown = LegacyAppleErrors.For(9999);
        Assert.Equal("AppleLegacyError9999", unknown.ErrorId);
        Assert.Contains("9999", unknown.Message);
        Assert.False(unknown.Retryable);
    }

    [Fact]
    public void Token_errors_set_the_token_state_and_only_transient_errors_are_retried()
    {
        Assert.Equal(TokenState.Expired, LegacyAppleErrors.For(9621).TokenState);
        Assert.Equal(TokenState.Invalid, LegacyAppleErrors.For(9622).TokenState);
        Assert.Equal(TokenState.Invalid, LegacyAppleErrors.For(9625).TokenState);
        Assert.Equal(TokenState.Invalid, LegacyAppleErrors.For(9601).TokenState);
        Assert.Equal(VppErrorCategory.AuthenticationError, LegacyAppleErrors.For(9625).Category);
        Assert.Equal(
            new[] { 9603, 9608, 9644, 9646 },
            LegacyAppleErrors.All.Where(e => e.Retryable).Select(e => e.Number).OrderBy(n => n));
    }

    [Theory]
    [InlineData("expired", 9621, "AppleLegacyTokenExpired")]
    [InlineData("revoked", 9625, "AppleLegacyTokenRevoked")]
    [InlineData("unknown", 9622, "AppleLegacyTokenInvalid")]
    public async Task Token_problems_fail_the_connection_with_a_typed_error_that_keeps_the_token_secret(string problem, int number, string id)
    {
        using var h = new LegacyHarness();
        string token = h.Account.TokenFileContent;
        if (problem == "expired") h.Account.ExpireTokenNow();
        if (problem == "revoked") h.Account.RevokeToken();
        if (problem == "unknown") token = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("{\"token\":\"dW5rbm93bg==\",\"expDate\":\"2031-03-14T09:26:53+0000\",\"orgName\":\"Nobody\"}"));

        var error = await Assert.ThrowsAsync<AppleServiceException>(() =>
            LegacyAccountReader.ConnectAsync(h.Simulator.LegacyServiceConfigUri, token, LegacyHarness.FastRetries));

        Assert.Equal(number, error.ErrorNumber);
        Assert.Equal(id, error.ErrorId);
        Assert.Equal(VppErrorCategory.AuthenticationError, error.Category);
        Assert.Equal(200, error.HttpStatus); // v1 reports errors in the body
        Assert.Equal("POST VPPClientConfigSrv", error.Endpoint);
        Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
        Assert.DoesNotContain(token, error.ToString());
        Assert.Equal(1, h.Simulator.Statistics.Requests("POST VPPClientConfigSrv")); // not retried
    }

    [Fact]
    public async Task A_token_revoked_mid_read_stops_the_read_with_the_typed_error()
    {
        var options = new SimulatorOptions();
        options.Legacy.BatchSize = 10;
        using var h = new LegacyHarness(options);
        h.Account.Seed(assets: 2, licenses: 200, users: 40);
        var reader = await h.ConnectAsync();
        int batches = 0;

        var error = await Assert.ThrowsAsync<AppleServiceException>(() => reader.ReadLicensesAsync(_ =>
        {
            if (++batches == 2) h.Account.RevokeToken();
            return Task.CompletedTask;
        }));

        Assert.Equal("AppleLegacyTokenRevoked", error.ErrorId);
        Assert.InRange(batches, 2, 6);
    }

    [Fact]
    public async Task Batch_errors_Apple_can_answer_reach_the_caller_typed()
    {
        var options = new SimulatorOptions();
        options.Legacy.BatchSize = 10;
        using var h = new LegacyHarness(options);
        h.Account.Seed(assets: 1, licenses: 30, users: 10);
        var other = h.Simulator.AddLegacyAccount("Fabrikam");
        other.Seed(assets: 1, licenses: 30, users: 10);
        var client = new LegacyServiceClient(h.Simulator.LegacyServiceConfigUri, h.Account.TokenFileContent, Guid.NewGuid().ToString(), LegacyHarness.FastRetries);
        var otherClient = new LegacyServiceClient(h.Simulator.LegacyServiceConfigUri, other.TokenFileContent, Guid.NewGuid().ToString(), LegacyHarness.FastRetries);
        var none = CancellationToken.None;
        var first = await otherClient.GetLicensesAsync(() => new LegacyLicensesRequest(), none);

        await Expect(9633, "AppleLegacyBatchDataMissing", () => client.GetLicensesAsync(() => new LegacyLicensesRequest { BatchToken = "bm90IGEgdG9rZW4=" }, none));
        await Expect(9629, "AppleLegacyTokenBatchMismatch", () => client.GetLicensesAsync(() => new LegacyLicensesRequest { BatchToken = first.BatchToken }, none));
        await Expect(9602, "AppleLegacyInvalidArgument", () => otherClient.GetLicensesAsync(() => new LegacyLicensesRequest { BatchToken = first.BatchToken, OverrideIndex = 9 }, none));
        await Expect(9602, "AppleLegacyInvalidArgument", () => client.GetUsersAsync(() => new LegacyUsersRequest { SinceModifiedToken = "not-a-token" }, none));
        await Expect(9602, "AppleLegacyInvalidArgument", () => client.SetClientContextAsync(new string('x', 300), none));

        h.Options.Faults.ServerErrorRate = 1.0;
        var busy = new LegacyServiceClient(h.Simulator.LegacyServiceConfigUri, h.Account.TokenFileContent, Guid.NewGuid().ToString(),
            new AppleClientOptions { MaxRetries = 2, FirstRetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(2) });
        await Expect(9603, "AppleLegacyInternalError", () => busy.GetAssetsAsync(none));
    }

    [Fact]
    public async Task An_unreachable_service_is_a_connection_error()
    {
        using var h = new LegacyHarness();
        var reader = await h.ConnectAsync(options: new AppleClientOptions { MaxRetries = 2, FirstRetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(2) });
        h.Options.Faults.DropConnectionRate = 1.0;

        var error = await Assert.ThrowsAsync<VppException>(() => reader.ReadUsersAsync(_ => Task.CompletedTask));

        Assert.Equal("AppleUnreachable", error.ErrorId);
        Assert.Equal(VppErrorCategory.ConnectionError, error.Category);
        Assert.Equal(3, h.Simulator.Statistics.Requests("POST getVPPUsersSrv"));
    }

    private static async Task Expect(int number, string id, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<AppleServiceException>(call);
        Assert.Equal(number, error.ErrorNumber);
        Assert.Equal(id, error.ErrorId);
        Assert.Equal(LegacyAppleErrors.For(number).ErrorId, error.ErrorId);
    }
}
