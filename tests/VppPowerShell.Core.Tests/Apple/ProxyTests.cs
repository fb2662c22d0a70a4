using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Sync;
using VppPowerShell.Core.Tests.Sync;
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

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
