using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using VppPowerShell.Simulator.Model;
using Xunit;

namespace VppPowerShell.Simulator.Tests;

/// <summary>A running simulator with one legacy account, and raw v1 calls: POST JSON with the sToken in the body.</summary>
internal sealed class LegacyHarness : IDisposable
{
    public LegacyHarness(SimulatorOptions? options = null)
    {
        Simulator = AppleSimulator.Start(options);
        Account = Simulator.AddLegacyAccount("Contoso Schools", "buyer@contoso.example", "US");
        Http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = Simulator.LegacyBaseUri };
    }

    public AppleSimulator Simulator { get; }
    public SimulatedLegacyAccount Account { get; }
    public HttpClient Http { get; }

    public void Dispose()
    {
        Http.Dispose();
        Simulator.Dispose();
    }

    /// <summary>POSTs <paramref name="members"/> (JSON object members, without braces) plus this account's sToken.</summary>
    public Task<Reply> CallAsync(string name, string members = "", string? token = null)
    {
        string sToken = JsonSerializer.Serialize(token ?? Account.TokenFileContent);
        string json = "{\"sToken\":" + sToken + (members.Length > 0 ? "," + members : string.Empty) + "}";
        return PostRawAsync(name, json);
    }

    public async Task<Reply> PostRawAsync(string name, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, name) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return await SendAsync(request);
    }

    public async Task<Reply> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, text, response.Headers.RetryAfter?.Delta);
    }

    /// <summary>Follows batchToken until the batch carrying sinceModifiedToken; returns every record and the requests made.</summary>
    public async Task<(List<JsonElement> Records, string SinceModifiedToken, int Requests)> ReadBatchesAsync(string name, string arrayName, string members = "")
    {
        var all = new List<JsonElement>();
        string? batchToken = null;
        for (int requests = 1; requests < 10_000; requests++)
        {
            string body = batchToken is null ? members : "\"batchToken\":" + JsonSerializer.Serialize(batchToken) + (members.Length > 0 ? "," + members : string.Empty);
            var reply = await CallAsync(name, body);
            AssertV1Ok(reply);
            foreach (var item in reply.Json.GetProperty(arrayName).EnumerateArray()) all.Add(item.Clone());
            if (reply.Json.TryGetProperty("sinceModifiedToken", out var since)) return (all, since.GetString()!, requests);
            batchToken = reply.Json.Str("batchToken");
        }
        throw new InvalidOperationException("No batch carried sinceModifiedToken.");
    }

    public static void AssertV1Ok(Reply reply)
    {
        Assert.True(reply.Status == HttpStatusCode.OK, $"HTTP {(int)reply.Status}: {reply.Text}");
        Assert.True(reply.Json.GetProperty("status").GetInt32() == 0, reply.Text);
        Assert.False(reply.Json.Has("errorNumber"), reply.Text);
    }

    public static void AssertV1Error(Reply reply, int errorNumber, HttpStatusCode status = HttpStatusCode.OK)
    {
        Assert.True(reply.Status == status, $"expected HTTP {(int)status}, got {(int)reply.Status}: {reply.Text}");
        Assert.True(reply.Json.GetProperty("status").GetInt32() == -1, reply.Text);
        Assert.True(reply.ErrorNumber == errorNumber, $"expected {errorNumber}: {reply.Text}");
        Assert.False(string.IsNullOrEmpty(reply.Json.Str("errorMessage")), reply.Text);
    }
}
