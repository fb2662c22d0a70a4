using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Timeout;
using VppPowerShell.Core.Apple.Wire;

namespace VppPowerShell.Core.Apple.Legacy;

/// <summary>
/// One legacy token's HTTP conversation with Apple's v1 service (API §13): every call a POST whose
/// JSON body carries the whole token file content as <c>sToken</c>; every answer checked for
/// <c>status</c> -1 / <c>errorNumber</c> (v1 reports errors with HTTP 200). It shares the v2
/// transport's HTTP client, its per-token gate (at most 5 requests in flight per gate key) and its
/// retry pipeline: jittered exponential backoff honouring <c>Retry-After</c> on HTTP 503/429/5xx,
/// 9603, 9608, 9644 and 9646, and on lost answers (every v1 call made here is safe to resend, and a
/// failed batch is resent with the same <c>batchToken</c>).
/// </summary>
internal sealed class LegacyTransport
{
    /// <summary>v1 answers: <c>status</c> -1 or an <c>errorNumber</c>; an error status without them stands for 9601, 9646, 9603 or 9602.</summary>
    private static readonly AppleAnswerRules AnswerRules = new(
        errorNumber: answer => ((LegacyEnvelope)answer).ErrorNumber,
        failure: answer => answer is LegacyEnvelope parsed && (parsed.Status is < 0 || parsed.ErrorNumber is > 0)
            ? (LegacyAppleErrors.For(parsed.ErrorNumber ?? -1), parsed.ErrorMessage)
            : null,
        statusMeaning: status => LegacyAppleErrors.For(status == 401 ? 9601 : status is 429 or 503 ? 9646 : status >= 500 ? 9603 : 9602),
        unreadableAction: "Try again; if it persists, check that the service URL points at Apple.");

    private readonly string credential;
    private readonly TokenGate gate;
    private readonly ResiliencePipeline pipeline;
    private long requests;

    public LegacyTransport(string credential, string gateKey, AppleClientOptions options)
    {
        this.credential = credential;
        gate = AppleTransport.GateFor(gateKey);
        pipeline = AppleTransport.BuildPipeline(options, lostAnswerIsRetryable: true);
        Options = options;
    }

    public AppleClientOptions Options { get; }

    /// <summary>HTTP requests sent, retries included.</summary>
    public long Requests => Interlocked.Read(ref requests);

    /// <summary>An authenticated v1 call: <paramref name="body"/> gets the token and is POSTed to <paramref name="uri"/>.</summary>
    public Task<T> PostAsync<T>(Uri uri, LegacyRequest body, CancellationToken cancellation)
        where T : LegacyEnvelope
    {
        body.SToken = credential;
        byte[] payload;
        try
        {
            payload = JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), WireJson.Options);
        }
        finally
        {
            body.SToken = null; // the request object never keeps the secret
        }
        return SendAsync<T>(uri, payload, cancellation);
    }

    /// <summary>The unauthenticated service config call (POST <c>{}</c>, as Apple documents it).</summary>
    public Task<T> PostAnonymousAsync<T>(Uri uri, CancellationToken cancellation)
        where T : LegacyEnvelope =>
        SendAsync<T>(uri, new[] { (byte)'{', (byte)'}' }, cancellation);

    private async Task<T> SendAsync<T>(Uri uri, byte[] payload, CancellationToken cancellation)
        where T : LegacyEnvelope
    {
        var endpoint = Endpoint(uri);
        try
        {
            return await pipeline.ExecuteAsync(
                async token => await AttemptAsync<T>(uri, payload, endpoint, token).ConfigureAwait(false),
                cancellation).ConfigureAwait(false);
        }
        catch (TransientAppleFailure failure)
        {
            throw failure.AfterRetries(Options);
        }
        catch (Exception e) when (!cancellation.IsCancellationRequested && (e is HttpRequestException or IOException or TimeoutRejectedException))
        {
            throw new VppException(VppErrorIds.AppleUnreachable, VppErrorCategory.ConnectionError,
                $"Apple's legacy service at {uri.GetLeftPart(UriPartial.Authority)} did not answer {endpoint}: {e.Message}.",
                target: endpoint, recommendedAction: "Check the network path to Apple, then run the command again.", innerException: e);
        }
    }

    private async Task<T> AttemptAsync<T>(Uri uri, byte[] payload, string endpoint, CancellationToken cancellation)
        where T : LegacyEnvelope
    {
        var lease = await gate.EnterAsync(cancellation).ConfigureAwait(false);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(payload) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "UTF-8" };

            Interlocked.Increment(ref requests);
            return await AppleAnswer.SendAsync<T>(request, endpoint, AnswerRules, Options, cancellation).ConfigureAwait(false);
        }
        finally
        {
            lease.Dispose();
        }
    }

    /// <summary>"POST getVPPLicensesSrv": the method and the service's name (the path's last segment).</summary>
    private static string Endpoint(Uri uri)
    {
        var path = uri.AbsolutePath.TrimEnd('/');
        var slash = path.LastIndexOf('/');
        return "POST " + (slash >= 0 ? path.Substring(slash + 1) : path);
    }
}
