using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using VppPowerShell.Core.Apple.Wire;

namespace VppPowerShell.Core.Apple;

/// <summary>
/// One token's HTTP conversation with Apple: bearer auth with the whole token file content,
/// at most 5 requests in flight per token, retries with jittered exponential backoff that honour
/// Retry-After, a timeout per attempt, and every answer checked for <c>errorNumber</c> (even on
/// HTTP 200) and for another system's <c>mdmInfo</c>.
/// </summary>
internal sealed class AppleTransport
{
    /// <summary>v2 answers: <c>errorNumber</c> in the envelope; an error status without it stands for 9601, 9646, 9603 or 9602.</summary>
    private static readonly AppleAnswerRules AnswerRules = new(
        errorNumber: answer => (answer as Envelope)?.ErrorNumber,
        failure: answer => answer is Envelope { ErrorNumber: { } number } envelope ? (AppleErrors.For(number), envelope.ErrorMessage) : null,
        statusMeaning: status => AppleErrors.For(status == 401 ? 9601 : status == 429 ? 9646 : status >= 500 ? 9603 : 9602),
        unreadableAction: "Try again; if it persists, check that the token's service URL points at Apple.");

    private readonly Uri baseUri;
    private readonly string credential;
    private readonly TokenGate gate;
    private readonly ResiliencePipeline repeatable;
    private readonly ResiliencePipeline onlyIfRejected;
    private long requests;

    public AppleTransport(Uri baseUri, string credential, string gateKey, AppleClientOptions options)
    {
        this.baseUri = baseUri;
        this.credential = credential;
        gate = GateFor(gateKey);
        repeatable = BuildPipeline(options, lostAnswerIsRetryable: true);
        onlyIfRejected = BuildPipeline(options, lostAnswerIsRetryable: false);
        Options = options;
    }

    public AppleClientOptions Options { get; }

    /// <summary>The gate holding one token to 5 requests in flight, shared by every client of that gate key, in every process.</summary>
    internal static TokenGate GateFor(string gateKey) => TokenGate.For(gateKey);

    /// <summary>The management-system id this token must belong to; null skips the check (before claiming).</summary>
    public string? ExpectedOwnerId { get; set; }

    /// <summary>
    /// The Apple location (<c>uId</c>) this token is bound to; null skips the check (a token not
    /// yet bound). An answer naming another location is refused: it would mix two locations' licenses.
    /// </summary>
    public string? ExpectedLocationUId { get; set; }

    /// <summary>HTTP requests sent, retries included.</summary>
    public long Requests => Interlocked.Read(ref requests);

    public Uri BaseUri => baseUri;

    public Task<T> GetAsync<T>(string relativeUri, CancellationToken cancellation)
        where T : Envelope =>
        SendAsync<T>(HttpMethod.Get, new Uri(baseUri, relativeUri), null, WriteSafety.Repeatable, authenticate: true, checkEnvelope: true, cancellation);

    public Task<T> PostAsync<T>(string relativeUri, object body, WriteSafety safety, CancellationToken cancellation)
        where T : Envelope =>
        SendAsync<T>(HttpMethod.Post, new Uri(baseUri, relativeUri), body, safety, authenticate: true, checkEnvelope: true, cancellation);

    /// <summary>A read outside the v2 envelope (content metadata, API §16).</summary>
    public Task<T> GetDocumentAsync<T>(Uri absoluteUri, CancellationToken cancellation)
        where T : class =>
        SendAsync<T>(HttpMethod.Get, absoluteUri, null, WriteSafety.Repeatable, authenticate: false, checkEnvelope: false, cancellation);

    private async Task<T> SendAsync<T>(HttpMethod method, Uri uri, object? body, WriteSafety safety, bool authenticate,
        bool checkEnvelope, CancellationToken cancellation)
        where T : class
    {
        var endpoint = Endpoint(method, uri);
        var pipeline = safety == WriteSafety.Repeatable ? repeatable : onlyIfRejected;
        try
        {
            return await pipeline.ExecuteAsync(
                async token => await AttemptAsync<T>(method, uri, body, endpoint, authenticate, checkEnvelope, token).ConfigureAwait(false),
                cancellation).ConfigureAwait(false);
        }
        catch (TransientAppleFailure failure)
        {
            throw failure.AfterRetries(Options);
        }
        catch (Exception e) when (!cancellation.IsCancellationRequested && (e is HttpRequestException or IOException or TimeoutRejectedException))
        {
            var lost = safety == WriteSafety.OnlyIfRejected
                ? " The answer was lost, so Apple may or may not have applied the change: sync the token before trying again."
                : string.Empty;
            throw new VppException(VppErrorIds.AppleUnreachable, VppErrorCategory.ConnectionError,
                $"Apple's service at {uri.GetLeftPart(UriPartial.Authority)} did not answer {endpoint}: {e.Message}.{lost}",
                target: endpoint, recommendedAction: "Check the network path to Apple, then run the command again.", innerException: e);
        }
    }

    private async Task<T> AttemptAsync<T>(HttpMethod method, Uri uri, object? body, string endpoint, bool authenticate,
        bool checkEnvelope, CancellationToken cancellation)
        where T : class
    {
        var lease = await gate.EnterAsync(cancellation).ConfigureAwait(false);
        try
        {
            using var request = new HttpRequestMessage(method, uri);
            if (authenticate) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), WireJson.Options));
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            Interlocked.Increment(ref requests);
            var parsed = await AppleAnswer.SendAsync<T>(request, endpoint, AnswerRules, Options, cancellation).ConfigureAwait(false);
            if (checkEnvelope && parsed is Envelope answer)
            {
                CheckLocation(answer, endpoint);
                CheckOwner(answer);
            }

            return parsed;
        }
        finally
        {
            lease.Dispose();
        }
    }

    private void CheckLocation(Envelope answer, string endpoint)
    {
        if (ExpectedLocationUId is null || answer.UId is null) return;
        if (!string.Equals(answer.UId, ExpectedLocationUId, StringComparison.Ordinal))
        {
            throw new VppException(VppErrorIds.AppleAnswerForAnotherLocation, VppErrorCategory.SecurityError,
                $"Apple answered {endpoint} for another location (uId {answer.UId}) than the one this token is bound to (uId {ExpectedLocationUId}). Nothing was stored.",
                target: endpoint,
                recommendedAction: "Check that the token file is the one of this location; if Apple moved it, add the new location's token as a new token.");
        }
    }

    private void CheckOwner(Envelope answer)
    {
        var owner = answer.MdmInfo;
        if (ExpectedOwnerId is null || owner?.Id is null) return;
        if (!string.Equals(owner.Id, ExpectedOwnerId, StringComparison.Ordinal))
        {
            throw new TokenOwnershipException(owner.Name ?? owner.Id, owner.Metadata, owner.Id);
        }
    }

    internal static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - DateTimeOffset.UtcNow > TimeSpan.Zero ? date - DateTimeOffset.UtcNow : TimeSpan.Zero;
        return null;
    }

    private static string Endpoint(HttpMethod method, Uri uri)
    {
        var path = uri.AbsolutePath;
        var v2 = path.IndexOf("/v2/", StringComparison.Ordinal);
        return $"{method.Method} {(v2 >= 0 ? path.Substring(v2 + 4) : path.TrimStart('/'))}";
    }

    internal static ResiliencePipeline BuildPipeline(AppleClientOptions options, bool lostAnswerIsRetryable)
    {
        var handled = new PredicateBuilder().Handle<TransientAppleFailure>();
        if (lostAnswerIsRetryable)
        {
            handled = handled.Handle<HttpRequestException>().Handle<IOException>().Handle<TimeoutRejectedException>();
        }

        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = handled,
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.FirstRetryDelay,
                MaxDelay = options.MaxRetryDelay,
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Outcome.Exception is TransientAppleFailure { RetryAfter: { } wait } ? wait : null),
                OnRetry = args =>
                {
                    AppleTrace.Retry(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception is TransientAppleFailure failure ? failure.Error : args.Outcome.Exception);
                    return default;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }
}
