using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Sync;
using VppPowerShell.Core.Tests.Sync;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Core.Tests.Apple;

/// <summary>Calls to Apple through a proxy, and what a proxy's failures say.</summary>
public sealed class ProxyTests
{
    // A retry would wait an hour: a failure that is retried runs into the test's cancellation instead.
    private static readonly AppleClientOptions NeverWaitsForRetries = new() { FirstRetryDelay = TimeSpan.FromHours(1), MaxRetryDelay = TimeSpan.FromHours(1) };

    [Fact]
    public async Task A_proxy_that_cannot_be_reached_is_named_and_not_retried()
    {
        using var harness = new SyncHarness();
        harness.Location.Seed(assets: 2, assignments: 10, users: 5, seed: 3);
        var closed = ClosedPort();
        var options = NeverWaitsForRetries.WithProxy(ProxySettings.Through(new Uri($"http://vpp:Pr0xyPass@127.0.0.1:{closed}"), proxyLoopback: true));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var failure = await Assert.ThrowsAsync<VppException>(() =>
            new TokenSync(harness.Store, options).SyncAsync(harness.Token, true, null, 1, cancellation.Token));

        Assert.Equal(VppErrorIds.ProxyUnreachable, failure.ErrorId);
        Assert.Contains($"127.0.0.1:{closed}", failure.Message);
        Assert.DoesNotContain("Pr0xyPass", failure.ToString());
        Assert.Equal(0, harness.Simulator.Statistics.TotalRequests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_sync_and_an_assignment_go_through_a_real_proxy_which_logs_them(bool basicAuthentication)
    {
        using var proxy = basicAuthentication ? new TestProxy("vpp-runbook", "Pr0xySecret7") : new TestProxy();
        using var harness = new SyncHarness();
        harness.Location.Seed(assets: 3, assignments: 40, users: 10, seed: 5);
        harness.Location.AddAsset("9001", 20);
        var credential = basicAuthentication ? new NetworkCredential(proxy.User, proxy.Password) : null;
        var options = SyncHarness.FastRetries.WithProxy(ProxySettings.Through(proxy.Address, credential, proxyLoopback: true));

        var summary = await new TokenSync(harness.Store, options).SyncAsync(harness.Token, true, null, 1, CancellationToken.None);
        var service = new LicensingService(harness.Store, options);
        var token = harness.Reload(harness.Store, harness.Token);
        var devices = Enumerable.Range(0, 5).Select(i => new TargetRequest($"SN{i:D6}", LicenseType.Device, true)).ToList();
        var plan = await service.PlanAssignAsync(token, new[] { ("9001", "STDQ") }, devices, AssignmentIntent.Required, CancellationToken.None);
        var job = await service.RunAsync(service.Journal("Assign", token, "through the proxy", plan), false, null, 1, CancellationToken.None);

        Assert.True(summary.Full);
        Assert.Equal(VppJobState.Completed, job.State);
        Assert.Equal(5, job.Assigned);
        harness.AssertStoreEqualsSimulator();
        var simulator = harness.Simulator.BaseUri.GetLeftPart(UriPartial.Authority);
        var forwarded = proxy.Requests().Where(line => line.Contains(simulator)).ToList();
        Assert.Contains(forwarded, line => line.Contains("/assets"));
        Assert.Contains(forwarded, line => line.Contains("/assets/associate"));
        Assert.True(forwarded.Count >= harness.Simulator.Statistics.TotalRequests, $"the proxy forwarded {forwarded.Count} of the simulator's {harness.Simulator.Statistics.TotalRequests} requests");
        Assert.DoesNotContain(proxy.LogLines(), line => line.Contains("Pr0xySecret7"));
    }

    [Fact]
    public async Task Wrong_proxy_credentials_are_a_407_naming_the_proxy_and_the_user_never_the_password()
    {
        using var proxy = new TestProxy("vpp-runbook", "Pr0xySecret7");
        using var harness = new SyncHarness();
        harness.Location.Seed(assets: 2, assignments: 10, users: 5, seed: 3);
        var options = NeverWaitsForRetries.WithProxy(ProxySettings.Through(proxy.Address, new NetworkCredential("vpp-runbook", "Wr0ngGuess3"), proxyLoopback: true));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var failure = await Assert.ThrowsAsync<VppException>(() =>
            new TokenSync(harness.Store, options).SyncAsync(harness.Token, true, null, 1, cancellation.Token));

        Assert.Equal(VppErrorIds.ProxyAuthenticationRequired, failure.ErrorId);
        Assert.Contains(proxy.Address.GetLeftPart(UriPartial.Authority), failure.Message);
        Assert.Contains("vpp-runbook", failure.Message);
        Assert.DoesNotContain("Wr0ngGuess3", failure.ToString());
        Assert.Equal(0, harness.Simulator.Statistics.TotalRequests);
        Assert.DoesNotContain(proxy.LogLines(), line => line.Contains("Wr0ngGuess3") || line.Contains("Pr0xySecret7"));
    }

    [Fact]
    public async Task Wrong_proxy_credentials_for_a_tunnel_to_Apple_are_the_same_407()
    {
        using var proxy = new TestProxy("vpp-runbook", "Pr0xySecret7");
        using var harness = new SyncHarness();
        var apple = new Uri($"https://127.0.0.1:{ClosedPort()}/mdm/v2/");
        var options = NeverWaitsForRetries.WithProxy(ProxySettings.Through(proxy.Address, new NetworkCredential("vpp-runbook", "Wr0ngGuess3"), proxyLoopback: true));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var failure = await Assert.ThrowsAsync<VppException>(() =>
            TokenClaim.InspectAsync(harness.Store, apple, harness.Location.TokenFileContent, "proxy-test", options, cancellation.Token));

        Assert.Equal(VppErrorIds.ProxyAuthenticationRequired, failure.ErrorId);
        Assert.DoesNotContain("Wr0ngGuess3", failure.ToString());
    }

    [Fact]
    public async Task A_proxy_that_cannot_reach_Apple_says_so_and_is_not_retried()
    {
        using var proxy = new TestProxy();
        using var harness = new SyncHarness();
        var apple = new Uri($"https://127.0.0.1:{ClosedPort()}/mdm/v2/");
        var options = NeverWaitsForRetries.WithProxy(ProxySettings.Through(proxy.Address, proxyLoopback: true));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var failure = await Assert.ThrowsAsync<VppException>(() =>
            TokenClaim.InspectAsync(harness.Store, apple, harness.Location.TokenFileContent, "proxy-test", options, cancellation.Token));

        Assert.Equal(VppErrorIds.ProxyCannotReachApple, failure.ErrorId);
        Assert.Contains(proxy.Address.GetLeftPart(UriPartial.Authority), failure.Message);
        Assert.Contains(apple.GetLeftPart(UriPartial.Authority), failure.Message);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
