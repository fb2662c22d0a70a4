using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple.Wire;

namespace VppPowerShell.Core.Apple;

/// <summary>
/// Sends one request to Apple and reads its answer, for both protocol versions: the body as JSON;
/// Apple's error when the JSON carries one (even on HTTP 200); otherwise, for an HTTP error status,
/// the error that status stands for. An error page that is not JSON is judged by its status alone;
/// JSON that cannot be read on a success status, or an empty answer, is <c>AppleAnswerUnreadable</c>.
/// What differs between the versions is in <see cref="AppleAnswerRules"/>.
/// </summary>
internal static class AppleAnswer
{
    public static async Task<T> SendAsync<T>(HttpRequestMessage request, string endpoint, AppleAnswerRules rules,
        AppleClientOptions options, CancellationToken cancellation)
        where T : class
    {
        var uri = request.RequestUri!;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        HttpResponseMessage sent;
        try
        {
            sent = await AppleHttpClients.For(options.Proxy).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (ProxyFailure.Of(e, options.Proxy, uri, endpoint) is { } atProxy)
        {
            throw atProxy;
        }

        using var response = sent;
        if (ProxyFailure.Of(response, options.Proxy, uri, endpoint) is { } refused) throw refused;
        var status = (int)response.StatusCode;
        T? parsed = null;
        var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        try
        {
            parsed = await JsonSerializer.DeserializeAsync<T>(stream, WireJson.Options, cancellation).ConfigureAwait(false);
        }
        catch (JsonException) when (!response.IsSuccessStatusCode)
        {
            // An error page without Apple's JSON (a 503 has none): judged by its status below.
        }
        catch (JsonException e)
        {
            throw new VppException(VppErrorIds.AppleAnswerUnreadable, VppErrorCategory.InvalidData,
                $"Apple's answer to {endpoint} was not the JSON expected: {e.Message}", target: endpoint,
                recommendedAction: rules.UnreadableAction, innerException: e);
        }

        AppleTrace.Answer(endpoint, uri, status, parsed is null ? null : rules.ErrorNumber(parsed), clock.Elapsed);
        if (parsed is not null && rules.Failure(parsed) is { } failure)
        {
            throw AppleFailure.Numbered(failure.Error, failure.AppleMessage, status, endpoint, response, options);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw AppleFailure.Unnumbered(rules.StatusMeaning(status), status, endpoint, response, options);
        }

        if (parsed is null)
        {
            throw new VppException(VppErrorIds.AppleAnswerUnreadable, VppErrorCategory.InvalidData,
                $"Apple's answer to {endpoint} was empty.", target: endpoint, recommendedAction: "Try again.");
        }

        return parsed;
    }
}

/// <summary>How one protocol version's answers tell of an error, for <see cref="AppleAnswer"/>.</summary>
internal sealed class AppleAnswerRules
{
    /// <param name="errorNumber">The error number an answer carries, as the trace shows it.</param>
    /// <param name="failure">Apple's error and its own message when the answer says the request failed; null when it does not.</param>
    /// <param name="statusMeaning">The error an HTTP error status stands for when the answer names none.</param>
    /// <param name="unreadableAction">What to do when a successful answer is not the JSON expected.</param>
    public AppleAnswerRules(Func<object, int?> errorNumber, Func<object, (AppleError Error, string? AppleMessage)?> failure,
        Func<int, AppleError> statusMeaning, string unreadableAction)
    {
        ErrorNumber = errorNumber;
        Failure = failure;
        StatusMeaning = statusMeaning;
        UnreadableAction = unreadableAction;
    }

    public Func<object, int?> ErrorNumber { get; }

    public Func<object, (AppleError Error, string? AppleMessage)?> Failure { get; }

    public Func<int, AppleError> StatusMeaning { get; }

    public string UnreadableAction { get; }
}
