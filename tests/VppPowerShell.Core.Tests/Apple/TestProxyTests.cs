using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Core.Tests.Apple;

/// <summary>The tests' real proxy (tinyproxy through build/proxy/start-test-proxy.sh) against a tiny loopback server.</summary>
public sealed class TestProxyTests : IDisposable
{
    private const string User = "vpp-proxy-user";
    private const string Password = "pr0xy-s3cret";

    private readonly TestProxy proxy = new(User, Password);
    private readonly TinyServer target = new();

    public void Dispose()
    {
        target.Dispose();
        proxy.Dispose();
    }

    [Fact]
    public async Task WithCredentialsTheRequestGoesThroughTheProxyAndIsLogged()
    {
        using var client = Client(new NetworkCredential(User, Password));

        using var response = await client.GetAsync(new Uri(target.BaseUri, "hello"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello from the target", await response.Content.ReadAsStringAsync());
        Assert.Contains($"GET {target.BaseUri}hello", proxy.Requests());
        Assert.Contains("127.0.0.1", proxy.ForwardedHosts());
        Assert.Contains("GET /hello", target.RequestLines);
        var log = string.Join("\n", proxy.LogLines());
        Assert.DoesNotContain(Password, log);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.ASCII.GetBytes(User + ":" + Password)), log);
    }

    [Fact]
    public async Task WithoutCredentialsTheProxyAnswers407()
    {
        using var client = Client(credentials: null);

        using var response = await client.GetAsync(new Uri(target.BaseUri, "hello"));

        Assert.Equal(HttpStatusCode.ProxyAuthenticationRequired, response.StatusCode);
        Assert.Contains($"GET {target.BaseUri}hello", proxy.Requests());
        Assert.Empty(proxy.ForwardedHosts());
        Assert.Empty(target.RequestLines);
    }

    [Fact]
    public async Task AWebProxyThatBypassesLocalAddressesSendsLoopbackTrafficPastTheProxy()
    {
        // By default a WebProxy does not bypass loopback targets; only BypassProxyOnLocal = true does.
        Assert.False(new WebProxy(proxy.Address).IsBypassed(target.BaseUri));
        Assert.True(new WebProxy(proxy.Address) { BypassProxyOnLocal = true }.IsBypassed(target.BaseUri));

        var webProxy = new WebProxy(proxy.Address) { BypassProxyOnLocal = true, Credentials = new NetworkCredential(User, Password) };
        using var client = new HttpClient(new SocketsHttpHandler { Proxy = webProxy, UseProxy = true });

        using var response = await client.GetAsync(new Uri(target.BaseUri, "direct"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("GET /direct", target.RequestLines);
        Assert.Empty(proxy.Requests());
    }

    [Fact]
    public void ProxiesStartedAtOnceGetPortsOfTheirOwn()
    {
        var proxies = Enumerable.Range(0, 4).AsParallel().Select(_ => new TestProxy()).ToList();
        try
        {
            Assert.Equal(proxies.Count, proxies.Select(p => p.Address.Port).Distinct().Count());
            Assert.DoesNotContain(proxy.Address.Port, proxies.Select(p => p.Address.Port));
        }
        finally
        {
            foreach (var p in proxies) p.Dispose();
        }
    }

    /// <summary>
    /// A client that sends even loopback requests through the proxy: a WebProxy bypasses local
    /// addresses only when BypassProxyOnLocal is true (it is false by default; set here to say so),
    /// and SocketsHttpHandler adds no loopback bypass of its own.
    /// </summary>
    private HttpClient Client(NetworkCredential? credentials)
    {
        var webProxy = new WebProxy(proxy.Address) { BypassProxyOnLocal = false, Credentials = credentials };
        return new HttpClient(new SocketsHttpHandler { Proxy = webProxy, UseProxy = true }) { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>An HTTP/1.1 server on 127.0.0.1 that answers every request 200 and records its request line.</summary>
    private sealed class TinyServer : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stop = new();
        private readonly ConcurrentQueue<string> requestLines = new();

        public TinyServer()
        {
            listener.Start();
            BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
            _ = Task.Run(AcceptAsync);
        }

        public Uri BaseUri { get; }

        /// <summary>"GET /path" for every request that reached the server.</summary>
        public string[] RequestLines => requestLines.ToArray();

        public void Dispose()
        {
            stop.Cancel();
            listener.Stop();
        }

        private async Task AcceptAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                _ = Task.Run(() => AnswerAsync(client));
            }
        }

        private async Task AnswerAsync(TcpClient client)
        {
            using (client)
            {
                var stream = client.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[4096];
                while (!head.ToString().Contains("\r\n\r\n"))
                {
                    var read = await stream.ReadAsync(buffer, stop.Token);
                    if (read == 0) return;
                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var requestLine = head.ToString().Split("\r\n")[0].Split(' ');
                requestLines.Enqueue(requestLine[0] + " " + requestLine[1]);
                var body = Encoding.ASCII.GetBytes("hello from the target");
                var answer = Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(answer, stop.Token);
                await stream.WriteAsync(body, stop.Token);
            }
        }
    }
}
