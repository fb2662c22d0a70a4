using System.Net;
using System.Threading.Tasks;
using VppPowerShell.Simulator.Model;
using Xunit;

namespace VppPowerShell.Simulator.Tests;

public class OwnershipTests
{
    private const string Claim = "{\"mdmInfo\":{\"id\":\"ours\",\"name\":\"VppPowerShell\",\"metadata\":\"host-1\"}}";

    [Fact]
    public async Task Posting_mdmInfo_claims_the_location_and_every_response_shows_it()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 1);

        var posted = await h.PostAsync("client/config", Claim);

        posted.AssertOk();
        Assert.Equal("ours", posted.Json.GetProperty("mdmInfo").Str("id"));
        Assert.Equal("ours", h.Location.MdmInfo!.Id);
        var assets = await h.GetAsync("assets");
        Assert.Equal("VppPowerShell", assets.Json.GetProperty("mdmInfo").Str("name"));
        Assert.Equal("host-1", assets.Json.GetProperty("mdmInfo").Str("metadata"));

        // Another POST overwrites; there is no lock and no error (API §12).
        (await h.PostAsync("client/config", "{\"mdmInfo\":{\"id\":\"theirs\",\"name\":\"X\",\"metadata\":\"\"}}")).AssertOk();
        Assert.Equal("theirs", (await h.GetAsync("client/config")).Json.GetProperty("mdmInfo").Str("id"));
    }

    [Fact]
    public async Task Another_mdm_claiming_shows_up_in_the_next_response()
    {
        using var h = new SimHarness();
        await h.PostAsync("client/config", Claim);

        h.Location.ClaimByOtherMdm("other-id", "Other MDM", "other.example");

        var reply = await h.GetAsync("users");
        Assert.Equal("other-id", reply.Json.GetProperty("mdmInfo").Str("id"));
    }

    [Fact]
    public async Task Ownership_and_token_expiry_change_after_n_more_requests()
    {
        using var h = new SimHarness();
        await h.PostAsync("client/config", Claim);
        var faults = h.Simulator.Options.Faults;

        faults.TakeOwnershipAfterRequests = 2;
        Assert.Equal("ours", (await h.GetAsync("assets")).Json.GetProperty("mdmInfo").Str("id"));
        Assert.Equal("ours", (await h.GetAsync("assets")).Json.GetProperty("mdmInfo").Str("id"));
        Assert.Equal(faults.OtherMdmId, (await h.GetAsync("assets")).Json.GetProperty("mdmInfo").Str("id"));
        Assert.Null(faults.TakeOwnershipAfterRequests);

        faults.ExpireTokenAfterRequests = 1;
        (await h.GetAsync("assets")).AssertOk();
        (await h.GetAsync("assets")).AssertError(HttpStatusCode.Unauthorized, 9621);
        Assert.Null(faults.ExpireTokenAfterRequests);
    }

    [Fact]
    public async Task MdmInfo_rules()
    {
        var options = new SimulatorOptions();
        options.Limits.MaxMdmIdLength = 3;
        options.Limits.MaxMdmNameLength = 3;
        options.Limits.MaxMdmMetadataLength = 3;
        using var h = new SimHarness(options);

        (await h.PostAsync("client/config", "{\"mdmInfo\":{\"id\":\"a\",\"name\":\"b\"}}")).AssertError(HttpStatusCode.BadRequest, 9723);
        (await h.PostAsync("client/config", "{\"mdmInfo\":{\"id\":\"aaaa\",\"name\":\"b\",\"metadata\":\"c\"}}")).AssertError(HttpStatusCode.BadRequest, 9724);
        (await h.PostAsync("client/config", "{\"mdmInfo\":{\"id\":\"a\",\"name\":\"bbbb\",\"metadata\":\"c\"}}")).AssertError(HttpStatusCode.BadRequest, 9725);
        (await h.PostAsync("client/config", "{\"mdmInfo\":{\"id\":\"a\",\"name\":\"b\",\"metadata\":\"cccc\"}}")).AssertError(HttpStatusCode.BadRequest, 9713);
        Assert.Null(h.Location.MdmInfo);
    }

    [Fact]
    public async Task Notification_settings_are_validated_and_stored()
    {
        using var h = new SimHarness();

        (await h.PostAsync("client/config", "{\"notificationUrl\":\"https://mdm.example/notify\"}")).AssertError(HttpStatusCode.BadRequest, 9710);
        (await h.PostAsync("client/config", "{\"notificationUrl\":\"http://mdm.example/notify\",\"notificationAuthToken\":\"s\"}")).AssertError(HttpStatusCode.BadRequest, 9712);
        string longUrl = "https://mdm.example/" + new string('a', 600);
        (await h.PostAsync("client/config", "{\"notificationUrl\":\"" + longUrl + "\",\"notificationAuthToken\":\"s\"}")).AssertError(HttpStatusCode.BadRequest, 9711);

        var ok = await h.PostAsync("client/config", "{\"notificationUrl\":\"https://mdm.example/notify\",\"notificationAuthToken\":\"s3cret\",\"notificationTypes\":[\"ASSET_MANAGEMENT\",\"USER_ASSOCIATED\"]}");
        ok.AssertOk();
        Assert.Equal("https://mdm.example/notify", ok.Json.Str("notificationUrl"));
        Assert.Equal("s3cret", ok.Json.Str("notificationAuthToken"));
        Assert.Equal(new[] { "ASSET_MANAGEMENT", "USER_ASSOCIATED" }, ok.Json.Strings("subscribedNotificationTypes"));

        // Omitted members stay as they were.
        var kept = await h.PostAsync("client/config", Claim);
        Assert.Equal("https://mdm.example/notify", kept.Json.Str("notificationUrl"));
    }
}
