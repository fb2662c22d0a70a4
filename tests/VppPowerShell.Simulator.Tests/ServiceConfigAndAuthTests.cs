using System;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using VppPowerShell.Simulator.Model;
using Xunit;

namespace VppPowerShell.Simulator.Tests;

public class ServiceConfigAndAuthTests
{
    [Fact]
    public async Task Service_config_needs_no_token_and_points_at_the_simulator()
    {
        var options = new SimulatorOptions();
        options.Limits.MaxSerialNumbers = 3;
        using var h = new SimHarness(options);
        h.Http.DefaultRequestHeaders.Authorization = null;

        var reply = await h.GetAsync("service/config");

        reply.AssertOk();
        var limits = reply.Json.GetProperty("limits");
        Assert.Equal(3, limits.Int("maxSerialNumbers"));
        Assert.Equal(25, limits.Int("maxAssets"));
        Assert.Equal(100, limits.Int("maxUsers"));
        var urls = reply.Json.GetProperty("urls");
        Assert.Equal(h.Simulator.BaseUri + "assets", urls.Str("getAssets"));
        Assert.Equal(h.Simulator.BaseUri + "status", urls.Str("eventStatus"));
        Assert.Equal(h.Simulator.ContentLookupUri.AbsoluteUri, urls.Str("contentMetadataLookup"));
        Assert.Contains("%25inviteCode%25", urls.Str("invitationEmail"));
        Assert.Contains("USER_ASSOCIATED", reply.Json.Strings("notificationTypes"));
        Assert.Contains(reply.Json.GetProperty("errorCodes").EnumerateArray(), e => e.Int("errorNumber") == 9709);
    }

    [Fact]
    public async Task Every_success_carries_the_envelope_with_an_apple_style_expiry_date()
    {
        using var h = new SimHarness();

        var reply = await h.GetAsync("client/config");

        reply.AssertOk();
        Assert.Equal(h.Location.UId, reply.Json.Str("uId"));
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$"), reply.Json.Str("tokenExpirationDate"));
        Assert.Contains("\"tokenExpirationDate\":\"", reply.Text); // "+" is not escaped
        Assert.Contains("+0000\"", reply.Text);
        Assert.False(reply.Json.Has("mdmInfo"));
        Assert.Equal("US", reply.Json.Str("countryISO2ACode"));
        Assert.Equal("enterprisestore", reply.Json.Str("defaultPlatform"));
        Assert.Equal("Contoso Paris", reply.Json.Str("locationName"));
        Assert.Equal("https://business.apple.com", reply.Json.Str("websiteURL"));
    }

    [Fact]
    public void Token_file_is_one_base64_line_of_token_expDate_orgName()
    {
        using var sim = AppleSimulator.Start();
        var expires = new DateTimeOffset(2031, 3, 14, 9, 26, 53, TimeSpan.Zero);
        var location = sim.AddLocation("Berlin", "Contoso Schools", "DE", education: true, tokenExpiresOn: expires);

        string content = location.TokenFileContent;
        Assert.DoesNotContain("\n", content);
        using var doc = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(content));
        Assert.False(string.IsNullOrEmpty(doc.RootElement.Str("token")));
        Assert.Equal("2031-03-14T09:26:53+0000", doc.RootElement.Str("expDate"));
        Assert.Equal("Contoso Schools", doc.RootElement.Str("orgName"));

        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".vpptoken");
        try
        {
            Assert.Equal(path, location.WriteTokenFile(path));
            Assert.Equal(content, System.IO.File.ReadAllText(path));
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic abc")]
    [InlineData("Bearer ")]
    public async Task Malformed_authorization_header_is_9722(string? header)
    {
        using var h = new SimHarness();
        h.Http.DefaultRequestHeaders.Authorization = null;
        using var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, "assets");
        if (header != null) request.Headers.TryAddWithoutValidation("Authorization", header);

        var reply = await h.SendAsync(request);

        reply.AssertError(HttpStatusCode.Unauthorized, 9722);
    }

    [Fact]
    public async Task Unknown_token_is_9622_or_9601_by_option_and_401_or_200_by_option()
    {
        using var h = new SimHarness();

        (await h.GetAsync("assets", token: "bm90LWEtdG9rZW4=")).AssertError(HttpStatusCode.Unauthorized, 9622);

        h.Simulator.Options.InvalidTokenErrorNumber = 9601;
        (await h.GetAsync("assets", token: "bm90LWEtdG9rZW4=")).AssertError(HttpStatusCode.Unauthorized, 9601);

        h.Simulator.Options.AuthErrorsAsHttp200 = true;
        (await h.GetAsync("assets", token: "bm90LWEtdG9rZW4=")).AssertError(HttpStatusCode.OK, 9601);
    }

    [Fact]
    public async Task Expired_and_revoked_tokens()
    {
        using var h = new SimHarness();
        var old = h.Simulator.AddLocation("Old", tokenExpiresOn: DateTimeOffset.UtcNow.AddDays(-1));
        (await h.GetAsync("assets", token: old.TokenFileContent)).AssertError(HttpStatusCode.Unauthorized, 9621);

        (await h.GetAsync("assets")).AssertOk();
        h.Location.ExpireTokenNow();
        (await h.GetAsync("assets")).AssertError(HttpStatusCode.Unauthorized, 9621);

        var other = h.Simulator.AddLocation("Other");
        other.RevokeToken();
        (await h.GetAsync("assets", token: other.TokenFileContent)).AssertError(HttpStatusCode.Unauthorized, 9625);

        h.Simulator.Options.AuthErrorsAsHttp200 = true;
        (await h.GetAsync("assets", token: other.TokenFileContent)).AssertError(HttpStatusCode.OK, 9625);
        (await h.GetAsync("assets")).AssertError(HttpStatusCode.OK, 9621);
    }

    [Fact]
    public async Task Renewed_token_keeps_the_location_and_revokes_the_previous_one()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("1", 5);
        string previous = h.Location.TokenFileContent;

        string renewed = h.Location.RenewToken(DateTimeOffset.UtcNow.AddYears(1));

        Assert.NotEqual(previous, renewed);
        var reply = await h.GetAsync("assets", token: renewed);
        reply.AssertOk();
        Assert.Equal(h.Location.UId, reply.Json.Str("uId"));
        Assert.Single(reply.Json.GetProperty("assets").EnumerateArray());
        (await h.GetAsync("assets", token: previous)).AssertError(HttpStatusCode.Unauthorized, 9625);
    }

    [Fact]
    public async Task Tokens_select_their_location()
    {
        using var h = new SimHarness();
        var other = h.Simulator.AddLocation("Lyon", countryCode: "FR");
        other.AddAsset("42", 3);

        var mine = await h.GetAsync("assets");
        var theirs = await h.GetAsync("assets", token: other.TokenFileContent);

        Assert.Equal(0, mine.Json.Int("size"));
        Assert.Equal(1, theirs.Json.Int("size"));
        Assert.Equal(other.UId, theirs.Json.Str("uId"));
        Assert.NotEqual(h.Location.UId, other.UId);
    }
}
