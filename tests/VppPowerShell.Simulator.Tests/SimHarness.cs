using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using VppPowerShell.Simulator.Model;
using Xunit;

namespace VppPowerShell.Simulator.Tests;

/// <summary>A running simulator with one location and a plain HttpClient that sends its token.</summary>
internal sealed class SimHarness : IDisposable
{
    public SimHarness(SimulatorOptions? options = null, string countryCode = "US")
    {
        Simulator = AppleSimulator.Start(options);
        Location = Simulator.AddLocation("Contoso Paris", "Contoso", countryCode);
        Http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = Simulator.BaseUri };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Location.TokenFileContent);
    }

    public AppleSimulator Simulator { get; }
    public SimulatedLocation Location { get; }
    public HttpClient Http { get; }

    public void Dispose()
    {
        Http.Dispose();
        Simulator.Dispose();
    }

    public async Task<Reply> GetAsync(string relative, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, relative);
        if (token != null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await SendAsync(request);
    }

    public async Task<Reply> PostAsync(string relative, string json, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, relative)
        {
            Content = new StringContent(json, Encoding.UTF8, contentType),
        };
        return await SendAsync(request);
    }

    public async Task<Reply> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, text, response.Headers.RetryAfter?.Delta);
    }

    /// <summary>POSTs a write and returns its event id, asserting HTTP 200.</summary>
    public async Task<string> SubmitAsync(string relative, string json)
    {
        var reply = await PostAsync(relative, json);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        return reply.Json.GetProperty("eventId").GetString()!;
    }

    /// <summary>Polls GET status until the event is no longer PENDING.</summary>
    public async Task<JsonElement> WaitEventAsync(string eventId)
    {
        for (int i = 0; i < 50; i++)
        {
            var reply = await GetAsync("status?eventId=" + eventId);
            Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
            if (reply.Json.GetProperty("eventStatus").GetString() != "PENDING") return reply.Json;
        }
        throw new TimeoutException("The event stayed PENDING.");
    }

    /// <summary>Submits a write and waits for its final status.</summary>
    public async Task<JsonElement> RunAsync(string relative, string json) => await WaitEventAsync(await SubmitAsync(relative, json));

    /// <summary>Reads every page of a list endpoint sequentially, following nextPageIndex.</summary>
    public async Task<List<JsonElement>> ReadAllAsync(string relative, string arrayName)
    {
        var all = new List<JsonElement>();
        int page = 0;
        string separator = relative.Contains('?') ? "&" : "?";
        while (true)
        {
            var reply = await GetAsync(relative + separator + "pageIndex=" + page);
            Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
            foreach (var item in reply.Json.GetProperty(arrayName).EnumerateArray()) all.Add(item.Clone());
            if (!reply.Json.TryGetProperty("nextPageIndex", out var next)) return all;
            page = next.GetInt32();
        }
    }
}

internal sealed class Reply
{
    private JsonElement? _json;

    public Reply(HttpStatusCode status, string text, TimeSpan? retryAfter)
    {
        Status = status;
        Text = text;
        RetryAfter = retryAfter;
    }

    public HttpStatusCode Status { get; }
    public string Text { get; }
    public TimeSpan? RetryAfter { get; }

    public JsonElement Json => _json ??= JsonDocument.Parse(Text).RootElement.Clone();

    public int ErrorNumber => Json.TryGetProperty("errorNumber", out var n) ? n.GetInt32() : 0;

    public void AssertError(HttpStatusCode status, int errorNumber)
    {
        Assert.True(Status == status, $"expected HTTP {(int)status}, got {(int)Status}: {Text}");
        Assert.True(ErrorNumber == errorNumber, $"expected {errorNumber}: {Text}");
        Assert.True(Json.TryGetProperty("errorMessage", out var m) && m.GetString()!.Length > 0, Text);
    }

    public void AssertOk() => Assert.True(Status == HttpStatusCode.OK && ErrorNumber == 0, $"HTTP {(int)Status}: {Text}");
}

internal static class JsonExtensions
{
    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;

    public static int Int(this JsonElement e, string name) => e.GetProperty(name).GetInt32();

    public static bool Has(this JsonElement e, string name) => e.TryGetProperty(name, out _);

    public static List<string> Strings(this JsonElement e, string name)
    {
        var list = new List<string>();
        if (e.TryGetProperty(name, out var array))
        {
            foreach (var item in array.EnumerateArray()) list.Add(item.GetString()!);
        }
        return list;
    }
}
