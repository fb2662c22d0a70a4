using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using VppPowerShell.Simulator.Model;
using Xunit;

namespace VppPowerShell.Simulator.Tests;

/// <summary>The legacy v1 face (API §13): conventions, service and client config, assets, token errors, faults.</summary>
public class LegacyProtocolTests
{
    [Fact]
    public async Task Service_config_answers_GET_and_POST_with_urls_batch_limits_and_the_v1_error_list()
    {
        using var h = new LegacyHarness();

        var get = await h.SendAsync(new HttpRequestMessage(HttpMethod.Get, h.Simulator.LegacyServiceConfigUri));
        var post = await h.PostRawAsync("VPPServiceConfigSrv", "{}");
        var old = await h.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(h.Simulator.RootUri, "WebObjects/MZFinance.woa/wa/VPPServiceConfigSrv")));

        foreach (var reply in new[] { get, post, old })
        {
            LegacyHarness.AssertV1Ok(reply);
            var json = reply.Json;
            string mdm = h.Simulator.LegacyBaseUri.AbsoluteUri;
            Assert.Equal(mdm + "VPPClientConfigSrv", json.Str("clientConfigSrvUrl"));
            Assert.Equal(mdm + "getVPPAssetsSrv", json.Str("getVPPAssetsSrvUrl"));
            Assert.Equal(mdm + "getVPPLicensesSrv", json.Str("getLicensesSrvUrl"));
            Assert.Equal(mdm + "getVPPUsersSrv", json.Str("getUsersSrvUrl"));
            Assert.Equal(mdm + "getVPPUserSrv", json.Str("getUserSrvUrl"));
            Assert.Contains("%inviteCode%", json.Str("invitationEmailUrl"));
            Assert.Equal(10, json.Int("maxBatchAssociateLicenseCount"));
            Assert.Equal(10, json.Int("maxBatchDisassociateLicenseCount"));
            var numbers = json.GetProperty("errorCodes").EnumerateArray().Select(e => e.Int("errorNumber")).ToList();
            foreach (int n in new[] { 9600, 9601, 9602, 9603, 9617, 9621, 9622, 9625, 9629, 9633, 9634, 9646, 9650, 9729 }) Assert.Contains(n, numbers);
            Assert.All(json.GetProperty("errorCodes").EnumerateArray(), e => Assert.False(string.IsNullOrEmpty(e.Str("errorMessage"))));
        }
    }

    [Fact]
    public async Task Every_answer_carries_status_uId_and_expirationMillis_and_tokenExpDate_only_near_expiry()
    {
        using var h = new LegacyHarness();
        var soon = DateTimeOffset.UtcNow.AddDays(10);
        var expiring = h.Simulator.AddLegacyAccount("Fabrikam", tokenExpiresOn: soon);

        var far = await h.CallAsync("VPPClientConfigSrv");
        var near = await h.CallAsync("getVPPAssetsSrv", token: expiring.TokenFileContent);

        LegacyHarness.AssertV1Ok(far);
        Assert.Equal(h.Account.UId, far.Json.Str("uId"));
        Assert.Equal(h.Account.TokenExpiresOn.ToUnixTimeMilliseconds(), far.Json.GetProperty("expirationMillis").GetInt64());
        Assert.False(far.Json.Has("tokenExpDate"));
        Assert.False(far.Json.Has("clientContext"));
        Assert.False(far.Json.Has("location")); // legacy per-buyer tokens have none
        LegacyHarness.AssertV1Ok(near);
        Assert.Equal(expiring.UId, near.Json.Str("uId"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$", near.Json.Str("tokenExpDate"));
    }

    [Fact]
    public async Task Client_config_reads_and_sets_clientContext_within_256_bytes()
    {
        using var h = new LegacyHarness();
        const string Context = "{\"hostname\":\"mdm.contoso.example\",\"guid\":\"5f0a3c1e-2b7d-4c8e-9f10-aa11bb22cc33\"}";

        var read = await h.CallAsync("VPPClientConfigSrv", "\"verbose\":true");
        LegacyHarness.AssertV1Ok(read);
        Assert.Equal("buyer@contoso.example", read.Json.Str("appleId"));
        Assert.Equal("buyer@contoso.example", read.Json.Str("email"));
        Assert.Equal("US", read.Json.Str("countryCode"));
        Assert.Equal("enterprisestore", read.Json.Str("defaultPlatform"));
        Assert.Equal(h.Account.OrganizationId, read.Json.GetProperty("organizationId").GetInt64());
        Assert.Equal(h.Account.OrganizationIdHash, read.Json.Str("organizationIdHash"));

        var set = await h.CallAsync("VPPClientConfigSrv", "\"clientContext\":" + JsonSerializer.Serialize(Context));
        LegacyHarness.AssertV1Ok(set);
        Assert.Equal(Context, set.Json.Str("clientContext"));
        Assert.Equal(Context, h.Account.ClientContext);
        Assert.Equal(Context, (await h.CallAsync("getVPPAssetsSrv")).Json.Str("clientContext")); // on every answer

        var tooLong = await h.CallAsync("VPPClientConfigSrv", "\"clientContext\":\"" + new string('x', 256) + "\"");
        LegacyHarness.AssertV1Error(tooLong, 9602);
        Assert.Equal(Context, h.Account.ClientContext);

        var cleared = await h.CallAsync("VPPClientConfigSrv", "\"clientContext\":\"\"");
        LegacyHarness.AssertV1Ok(cleared);
        Assert.False(cleared.Json.Has("clientContext"));
        Assert.Null(h.Account.ClientContext);

        h.Account.ClaimByOtherMdm("other.example", "guid-2");
        Assert.Contains("other.example", (await h.CallAsync("VPPClientConfigSrv")).Json.Str("clientContext"));
    }

    [Fact]
    public async Task Token_problems_answer_status_minus_one_with_v1_numbers_on_HTTP_200()
    {
        using var h = new LegacyHarness();
        var expired = h.Simulator.AddLegacyAccount("Expired", tokenExpiresOn: DateTimeOffset.UtcNow.AddDays(-1));
        var revoked = h.Simulator.AddLegacyAccount("Revoked");
        revoked.RevokeToken();

        LegacyHarness.AssertV1Error(await h.CallAsync("getVPPLicensesSrv", token: "bm90IGEgdG9rZW4="), 9622);
        LegacyHarness.AssertV1Error(await h.CallAsync("getVPPLicensesSrv", token: expired.TokenFileContent), 9621);
        LegacyHarness.AssertV1Error(await h.CallAsync("VPPClientConfigSrv", token: revoked.TokenFileContent), 9625);
        LegacyHarness.AssertV1Error(await h.PostRawAsync("getVPPUsersSrv", "{}"), 9600);
        LegacyHarness.AssertV1Error(await h.PostRawAsync("getVPPUsersSrv", "[1,2]"), 9602);

        // A token file with a trailing newline is the same token.
        LegacyHarness.AssertV1Ok(await h.CallAsync("VPPClientConfigSrv", token: h.Account.TokenFileContent + "\n"));

        h.Account.ExpireTokenNow();
        LegacyHarness.AssertV1Error(await h.CallAsync("getVPPAssetsSrv"), 9621);
        string renewed = h.Account.RenewToken();
        LegacyHarness.AssertV1Ok(await h.CallAsync("getVPPAssetsSrv", token: renewed));
        Assert.Same(h.Account, h.Simulator.FindLegacyAccountByToken(renewed));
    }

    [Fact]
    public async Task Wrong_method_unknown_and_removed_endpoints()
    {
        using var h = new LegacyHarness();

        var get = await h.SendAsync(new HttpRequestMessage(HttpMethod.Get, "getVPPLicensesSrv"));
        LegacyHarness.AssertV1Error(get, 9602, HttpStatusCode.MethodNotAllowed);
        LegacyHarness.AssertV1Error(await h.CallAsync("noSuchSrv"), 9602, HttpStatusCode.NotFound);
        LegacyHarness.AssertV1Error(await h.CallAsync("associateLicenseSrv"), 9634);
        LegacyHarness.AssertV1Error(await h.CallAsync("disassociateLicenseSrv"), 9634);
    }

    [Fact]
    public async Task Assets_list_pools_with_types_and_counts_on_request()
    {
        using var h = new LegacyHarness();
        h.Account.AddAsset("361309726", 5);
        h.Account.AddAsset("408709785", 3, productTypeId: 7);
        h.Account.AddAsset("1105530434", 4, productTypeId: 10, pricingParam: "PLUS");
        h.Account.AddUser("stu-1");
        h.Account.AddUser("stu-2", managedAppleId: "stu2@contoso.example");
        h.Account.Assign("361309726", serialNumber: "C02XK0AAJGH5");
        h.Account.Assign("361309726", clientUserId: "stu-1");
        h.Account.Assign("1105530434", clientUserId: "stu-2", pricingParam: "PLUS");
        h.Account.RetireUser("stu-2"); // the book stays with the retired user
        h.Account.RetireUser("stu-1"); // the app license is released

        var plain = await h.CallAsync("getVPPAssetsSrv");
        var counted = await h.CallAsync("getVPPAssetsSrv", "\"includeLicenseCounts\":true");
        var books = await h.CallAsync("getVPPAssetsSrv", "\"includeLicenseCounts\":true,\"pricingParam\":\"PLUS\"");

        LegacyHarness.AssertV1Ok(plain);
        Assert.Equal(3, plain.Json.Int("totalCount"));
        var first = plain.Json.GetProperty("assets")[0];
        Assert.Equal("361309726", first.Str("adamIdStr"));
        Assert.Equal(8, first.Int("productTypeId"));
        Assert.Equal("Application", first.Str("productTypeName"));
        Assert.False(first.GetProperty("isIrrevocable").GetBoolean());
        Assert.True(first.GetProperty("deviceAssignable").GetBoolean());
        Assert.False(first.Has("assignedCount"));

        var byId = counted.Json.GetProperty("assets").EnumerateArray().ToDictionary(a => a.Str("adamIdStr"));
        Assert.Equal((1, 4, 0, 5), Counts(byId["361309726"]));
        Assert.Equal((0, 3, 0, 3), Counts(byId["408709785"]));
        Assert.Equal("Software", byId["408709785"].Str("productTypeName"));
        var book = byId["1105530434"];
        Assert.Equal((1, 3, 1, 4), Counts(book));
        Assert.Equal("Publication", book.Str("productTypeName"));
        Assert.True(book.GetProperty("isIrrevocable").GetBoolean());
        Assert.False(book.GetProperty("deviceAssignable").GetBoolean());
        Assert.Equal("1105530434", Assert.Single(books.Json.GetProperty("assets").EnumerateArray()).Str("adamIdStr"));

        // Buying and refunding change the counts; a refunded license stays listed as Refunded.
        var bought = h.Account.AddLicenses("408709785", 2);
        h.Account.RefundLicense(bought[0]);
        Assert.Equal("Refunded", h.Account.FindLicense(bought[0])!.Status);
        Assert.Throws<InvalidOperationException>(() => h.Account.RefundLicense(h.Account.Licenses.First(l => l.Status == "Associated").LicenseId));
        var recounted = (await h.CallAsync("getVPPAssetsSrv", "\"includeLicenseCounts\":true")).Json.GetProperty("assets").EnumerateArray().ToDictionary(a => a.Str("adamIdStr"));
        Assert.Equal((0, 4, 0, 4), Counts(recounted["408709785"]));
        byId = recounted;

        foreach (var truth in h.Account.Assets)
            Assert.Equal((truth.AssignedCount, truth.AvailableCount, truth.RetiredCount, truth.TotalCount), Counts(byId[truth.AdamId]));

        static (int, int, int, int) Counts(JsonElement a) => (a.Int("assignedCount"), a.Int("availableCount"), a.Int("retiredCount"), a.Int("totalCount"));
    }

    [Fact]
    public async Task One_user_by_userId_or_clientUserIdStr_with_licenses()
    {
        using var h = new LegacyHarness();
        h.Account.AddAsset("100", 2);
        var user = h.Account.AddUser("stu-1", "stu1@contoso.example");
        h.Account.Assign("100", clientUserId: "stu-1");

        var byId = await h.CallAsync("getVPPUserSrv", "\"userId\":" + user.UserId);
        var byClientId = await h.CallAsync("getVPPUserSrv", "\"clientUserIdStr\":\"stu-1\"");

        foreach (var reply in new[] { byId, byClientId })
        {
            LegacyHarness.AssertV1Ok(reply);
            var u = reply.Json.GetProperty("user");
            Assert.Equal(user.UserId, u.GetProperty("userId").GetInt64());
            Assert.Equal("Registered", u.Str("status"));
            Assert.Equal(user.InviteCode, u.Str("inviteCode"));
            Assert.Contains("inviteCode=" + user.InviteCode, u.Str("inviteUrl"));
            Assert.Equal("100", Assert.Single(u.GetProperty("licenses").EnumerateArray()).Str("adamIdStr"));
        }
        LegacyHarness.AssertV1Error(await h.CallAsync("getVPPUserSrv", "\"clientUserIdStr\":\"nobody\""), 9609);
        LegacyHarness.AssertV1Error(await h.CallAsync("getVPPUserSrv"), 9600);
    }

    [Fact]
    public async Task Overload_answers_503_with_Retry_After_and_internal_errors_come_in_the_body()
    {
        using var h = new LegacyHarness();
        var faults = h.Simulator.Options.Faults;

        faults.Enqueue(SimulatedFault.TooManyRequests);
        faults.RetryAfterSeconds = 7;
        var tooMany = await h.CallAsync("getVPPLicensesSrv");
        LegacyHarness.AssertV1Error(tooMany, 9646, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(7), tooMany.RetryAfter);

        faults.Enqueue(SimulatedFault.ServiceUnavailable);
        faults.RetryAfterSeconds = null;
        var unavailable = await h.CallAsync("getVPPLicensesSrv");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.Status);
        Assert.Equal("Service Unavailable", unavailable.Text);
        Assert.Equal(TimeSpan.FromSeconds(1), unavailable.RetryAfter);

        faults.Enqueue(SimulatedFault.ServerError);
        LegacyHarness.AssertV1Error(await h.CallAsync("getVPPUsersSrv"), 9603);

        faults.Enqueue(SimulatedFault.DropConnection);
        await Assert.ThrowsAsync<HttpRequestException>(() => h.CallAsync("getVPPUsersSrv"));

        // Service config is exempt unless told otherwise.
        faults.Enqueue(SimulatedFault.ServerError);
        LegacyHarness.AssertV1Ok(await h.PostRawAsync("VPPServiceConfigSrv", "{}"));
        Assert.Equal(1, faults.PendingScriptedFaults);
        LegacyHarness.AssertV1Error(await h.CallAsync("getVPPAssetsSrv"), 9603);
    }

    [Fact]
    public async Task Statistics_count_v1_calls_by_name_and_in_flight_by_the_account_uId()
    {
        using var h = new LegacyHarness();
        h.Simulator.Options.Faults.Latency = TimeSpan.FromMilliseconds(50);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => h.CallAsync("getVPPAssetsSrv")));
        await h.CallAsync("getVPPLicensesSrv");

        Assert.Equal(4, h.Simulator.Statistics.Requests("POST getVPPAssetsSrv"));
        Assert.Equal(1, h.Simulator.Statistics.Requests("POST getVPPLicensesSrv"));
        Assert.InRange(h.Simulator.Statistics.PeakInFlightForToken(h.Account.UId), 2, 4);
    }

    [Fact]
    public async Task Fault_countdowns_expire_the_legacy_token_and_let_another_mdm_write_its_context()
    {
        using var h = new LegacyHarness();
        h.Simulator.Options.Faults.TakeOwnershipAfterRequests = 1;

        LegacyHarness.AssertV1Ok(await h.CallAsync("VPPClientConfigSrv"));
        var claimed = await h.CallAsync("VPPClientConfigSrv");
        Assert.Contains(h.Simulator.Options.Faults.OtherMdmId, claimed.Json.Str("clientContext"));

        h.Simulator.Options.Faults.ExpireTokenAfterRequests = 0;
        LegacyHarness.AssertV1Error(await h.CallAsync("getVPPAssetsSrv"), 9621);
    }

    [Fact]
    public async Task A_location_token_on_v1_reads_its_location_and_token_being_used_in_v2()
    {
        using var h = new LegacyHarness();
        var location = h.Simulator.AddLocation("Paris");

        var before = await h.CallAsync("VPPClientConfigSrv", token: location.TokenFileContent);
        LegacyHarness.AssertV1Ok(before);
        Assert.Equal(location.UId, before.Json.Str("uId"));
        Assert.Equal("Paris", before.Json.GetProperty("location").Str("locationName"));
        Assert.False(before.Json.Has("clientContext"));

        using (var v2 = new HttpClient())
        {
            v2.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", location.TokenFileContent);
            (await v2.GetAsync(new Uri(h.Simulator.BaseUri, "client/config"))).EnsureSuccessStatusCode();
        }

        var after = await h.CallAsync("VPPClientConfigSrv", token: location.TokenFileContent);
        Assert.Equal("token being used in v2", after.Json.Str("clientContext"));
        LegacyHarness.AssertV1Error(await h.CallAsync("getVPPLicensesSrv", token: location.TokenFileContent), 9602);
    }
}
