using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using VppPowerShell.Simulator.Model;
using Xunit;

namespace VppPowerShell.Simulator.Tests;

public class AssetWriteTests
{
    private static string Associate(string[] adamIds, string[]? users = null, string[]? serials = null)
    {
        var body = new System.Collections.Generic.Dictionary<string, object>
        {
            ["assets"] = adamIds.Select(a => new { adamId = a, pricingParam = "STDQ" }).ToArray(),
        };
        if (users != null) body["clientUserIds"] = users;
        if (serials != null) body["serialNumbers"] = serials;
        return JsonSerializer.Serialize(body);
    }

    private static void AssertCounts(SimulatedLocation location, string adamId, int assigned, int total)
    {
        var asset = location.FindAsset(adamId)!;
        Assert.Equal(assigned, asset.AssignedCount);
        Assert.Equal(total, asset.TotalCount);
        Assert.Equal(total, asset.AssignedCount + asset.AvailableCount);
    }

    [Fact]
    public async Task Associate_completes_and_counts_pairs()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 10);
        h.Location.AddAsset("200", 10);
        h.Location.AddUser("u1");
        h.Location.AddUser("u2");

        var status = await h.RunAsync("assets/associate", Associate(new[] { "100", "200" }, new[] { "u1", "u2" }, new[] { "S1", "S2" }));

        Assert.Equal("COMPLETE", status.Str("eventStatus"));
        Assert.Equal("ASSOCIATE", status.Str("eventType"));
        Assert.Equal(8, status.Int("numRequested"));
        Assert.Equal(8, status.Int("numCompleted"));
        Assert.False(status.Has("failures"));
        Assert.Equal(h.Location.UId, status.Str("uId"));
        Assert.Equal(8, h.Location.AssignmentCount);
        AssertCounts(h.Location, "100", 4, 10);
    }

    [Fact]
    public async Task Not_enough_licenses_first_come_in_request_order_rest_fail_9709()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 3);
        h.Location.AddAsset("200", 10);
        h.Location.AddUser("u1");
        h.Location.AddUser("u2");

        var status = await h.RunAsync("assets/associate", Associate(new[] { "100", "200" }, new[] { "u1", "u2" }, new[] { "S1", "S2" }));

        Assert.Equal("FAILED", status.Str("eventStatus"));
        Assert.Equal(8, status.Int("numRequested"));
        Assert.Equal(7, status.Int("numCompleted"));
        var failure = Assert.Single(status.GetProperty("failures").EnumerateArray());
        Assert.Equal(9709, failure.Int("errorNumber"));
        var info = failure.GetProperty("errorInfo");
        Assert.Equal("100", Assert.Single(info.GetProperty("assets").EnumerateArray()).Str("adamId"));
        Assert.Equal(new[] { "S2" }, info.Strings("serialNumbers"));
        Assert.Empty(info.Strings("clientUserIds"));
        Assert.True(h.Location.HasAssignment("100", clientUserId: "u1"));
        Assert.True(h.Location.HasAssignment("100", clientUserId: "u2"));
        Assert.True(h.Location.HasAssignment("100", serialNumber: "S1"));
        Assert.False(h.Location.HasAssignment("100", serialNumber: "S2"));
        AssertCounts(h.Location, "100", 3, 3);
        AssertCounts(h.Location, "200", 4, 10);
    }

    [Fact]
    public async Task Reassociating_an_existing_pair_uses_no_extra_license()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 1);
        await h.RunAsync("assets/associate", Associate(new[] { "100" }, serials: new[] { "S1" }));

        var again = await h.RunAsync("assets/associate", Associate(new[] { "100" }, serials: new[] { "S1" }));

        Assert.Equal("COMPLETE", again.Str("eventStatus"));
        Assert.Equal(1, again.Int("numCompleted"));
        AssertCounts(h.Location, "100", 1, 1);
    }

    [Fact]
    public async Task Unknown_or_retired_user_fails_9609_on_every_asset()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 10);
        h.Location.AddAsset("200", 10);
        h.Location.AddUser("u1");
        h.Location.AddUser("old");
        h.Location.RetireUser("old");

        var status = await h.RunAsync("assets/associate", Associate(new[] { "100", "200" }, new[] { "u1", "ghost", "old" }));

        Assert.Equal("FAILED", status.Str("eventStatus"));
        Assert.Equal(6, status.Int("numRequested"));
        Assert.Equal(2, status.Int("numCompleted"));
        var failure = Assert.Single(status.GetProperty("failures").EnumerateArray());
        Assert.Equal(9609, failure.Int("errorNumber"));
        Assert.Equal(new[] { "ghost", "old" }, failure.GetProperty("errorInfo").Strings("clientUserIds"));
        Assert.Equal(2, failure.GetProperty("errorInfo").GetProperty("assets").GetArrayLength());
    }

    [Fact]
    public async Task Serials_on_a_non_device_assignable_asset_are_9707_and_nothing_is_queued()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 10);
        h.Location.AddAsset("300", 10, productType: "Book", deviceAssignable: false, revocable: false);

        var reply = await h.PostAsync("assets/associate", Associate(new[] { "100", "300" }, serials: new[] { "S1" }));

        reply.AssertError(HttpStatusCode.BadRequest, 9707);
        Assert.Equal("300", Assert.Single(reply.Json.GetProperty("errorInfo").GetProperty("assets").EnumerateArray()).Str("adamId"));
        Assert.Equal(0, h.Location.AssignmentCount);
        Assert.Equal(0, h.Location.EventCount);
    }

    [Fact]
    public async Task Disassociate_of_a_non_revocable_asset_is_9706()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("300", 10, productType: "Book", deviceAssignable: false, revocable: false);
        h.Location.AddUser("u1");
        h.Location.Assign("300", clientUserId: "u1");

        var reply = await h.PostAsync("assets/disassociate", Associate(new[] { "300" }, new[] { "u1" }));

        reply.AssertError(HttpStatusCode.BadRequest, 9706);
        Assert.True(h.Location.HasAssignment("300", clientUserId: "u1"));
    }

    [Fact]
    public async Task Disassociate_frees_licenses_and_a_missing_pair_is_a_no_op()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 2);
        h.Location.Assign("100", serialNumber: "S1");

        var status = await h.RunAsync("assets/disassociate", Associate(new[] { "100" }, new[] { "nobody" }, new[] { "S1", "S9" }));

        Assert.Equal("COMPLETE", status.Str("eventStatus"));
        Assert.Equal("DISASSOCIATE", status.Str("eventType"));
        Assert.Equal(3, status.Int("numRequested"));
        Assert.Equal(3, status.Int("numCompleted"));
        AssertCounts(h.Location, "100", 0, 2);
    }

    [Fact]
    public async Task Asset_not_owned_by_the_location_is_9602_with_the_assets()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 2);

        var reply = await h.PostAsync("assets/associate", Associate(new[] { "100", "999" }, serials: new[] { "S1" }));

        reply.AssertError(HttpStatusCode.BadRequest, 9602);
        var asset = Assert.Single(reply.Json.GetProperty("errorInfo").GetProperty("assets").EnumerateArray());
        Assert.Equal("999", asset.Str("adamId"));
        Assert.Equal("STDQ", asset.Str("pricingParam"));
    }

    [Fact]
    public async Task Pricing_param_defaults_to_STDQ_and_selects_the_pool()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 2);
        h.Location.AddAsset("100", 2, pricingParam: "PLUS");

        await h.RunAsync("assets/associate", "{\"assets\":[{\"adamId\":\"100\"}],\"serialNumbers\":[\"S1\"]}");
        await h.RunAsync("assets/associate", "{\"assets\":[{\"adamId\":\"100\",\"pricingParam\":\"PLUS\"}],\"serialNumbers\":[\"S2\"]}");

        Assert.True(h.Location.HasAssignment("100", serialNumber: "S1"));
        Assert.True(h.Location.HasAssignment("100", serialNumber: "S2", pricingParam: "PLUS"));
        Assert.False(h.Location.HasAssignment("100", serialNumber: "S2"));
    }

    [Fact]
    public async Task Users_and_devices_in_one_request_can_be_refused_with_9602()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 5);
        h.Location.AddUser("u1");
        h.Simulator.Options.AllowUsersAndDevicesInOneRequest = false;

        (await h.PostAsync("assets/associate", Associate(new[] { "100" }, new[] { "u1" }, new[] { "S1" }))).AssertError(HttpStatusCode.BadRequest, 9602);
        (await h.PostAsync("assets/associate", Associate(new[] { "100" }, new[] { "u1" }))).AssertOk();
    }

    [Fact]
    public async Task Required_members_limits_and_duplicates()
    {
        var options = new SimulatorOptions();
        options.Limits.MaxAssets = 2;
        options.Limits.MaxClientUserIds = 2;
        options.Limits.MaxSerialNumbers = 3;
        using var h = new SimHarness(options);
        foreach (var id in new[] { "1", "2", "3" }) h.Location.AddAsset(id, 10);

        (await h.PostAsync("assets/associate", "{\"serialNumbers\":[\"S1\"]}")).AssertError(HttpStatusCode.BadRequest, 9718);
        (await h.PostAsync("assets/associate", "{\"assets\":[],\"serialNumbers\":[\"S1\"]}")).AssertError(HttpStatusCode.BadRequest, 9718);
        (await h.PostAsync("assets/associate", Associate(new[] { "1" }))).AssertError(HttpStatusCode.BadRequest, 9719);
        (await h.PostAsync("assets/associate", Associate(new[] { "1", "2", "3" }, serials: new[] { "S1" }))).AssertError(HttpStatusCode.BadRequest, 9700);
        (await h.PostAsync("assets/associate", Associate(new[] { "1" }, new[] { "a", "b", "c" }))).AssertError(HttpStatusCode.BadRequest, 9701);
        (await h.PostAsync("assets/associate", Associate(new[] { "1" }, serials: new[] { "a", "b", "c", "d" }))).AssertError(HttpStatusCode.BadRequest, 9702);
        (await h.PostAsync("assets/associate", Associate(new[] { "1" }, serials: new[] { "a", "b", "c" }))).AssertOk();

        var dupAssets = await h.PostAsync("assets/disassociate", Associate(new[] { "1", "1" }, serials: new[] { "S1" }));
        dupAssets.AssertError(HttpStatusCode.BadRequest, 9703);
        var dupUsers = await h.PostAsync("assets/associate", Associate(new[] { "1" }, new[] { "x", "x" }));
        dupUsers.AssertError(HttpStatusCode.BadRequest, 9704);
        Assert.Equal(new[] { "x" }, dupUsers.Json.GetProperty("errorInfo").Strings("clientUserIds"));
        (await h.PostAsync("assets/associate", Associate(new[] { "1" }, serials: new[] { "S", "S" }))).AssertError(HttpStatusCode.BadRequest, 9705);
    }

    [Fact]
    public async Task Revoke_removes_every_revocable_assignment_of_the_targets()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 10);
        h.Location.AddAsset("200", 10);
        h.Location.AddAsset("300", 10, productType: "Book", deviceAssignable: false, revocable: false);
        h.Location.AddUser("u1");
        h.Location.AddUser("u2");
        foreach (var a in new[] { "100", "200", "300" }) h.Location.Assign(a, clientUserId: "u1");
        h.Location.Assign("100", clientUserId: "u2");
        h.Location.Assign("100", serialNumber: "S1");
        h.Location.Assign("200", serialNumber: "S1");

        var status = await h.RunAsync("assets/revoke", "{\"clientUserIds\":[\"u1\",\"nobody\"],\"serialNumbers\":[\"S1\"]}");

        Assert.Equal("COMPLETE", status.Str("eventStatus"));
        Assert.Equal("REVOKE", status.Str("eventType"));
        Assert.Equal(4, status.Int("numRequested"));
        Assert.Equal(4, status.Int("numCompleted"));
        Assert.True(h.Location.HasAssignment("300", clientUserId: "u1")); // books stay
        Assert.True(h.Location.HasAssignment("100", clientUserId: "u2"));
        Assert.Equal(2, h.Location.AssignmentCount);
    }

    [Fact]
    public async Task Revoke_validation()
    {
        var options = new SimulatorOptions();
        options.Limits.MaxRevokeClientUserIds = 1;
        options.Limits.MaxRevokeSerialNumbers = 1;
        using var h = new SimHarness(options);

        (await h.PostAsync("assets/revoke", "{}")).AssertError(HttpStatusCode.BadRequest, 9719);
        (await h.PostAsync("assets/revoke", "{\"clientUserIds\":[\"a\",\"b\"]}")).AssertError(HttpStatusCode.BadRequest, 9701);
        (await h.PostAsync("assets/revoke", "{\"serialNumbers\":[\"a\",\"b\"]}")).AssertError(HttpStatusCode.BadRequest, 9702);
        var none = await h.RunAsync("assets/revoke", "{\"serialNumbers\":[\"unknown\"]}");
        Assert.Equal("COMPLETE", none.Str("eventStatus"));
        Assert.Equal(0, none.Int("numRequested"));
    }

    [Fact]
    public async Task Event_stays_pending_for_the_configured_polls_with_growing_progress()
    {
        using var h = new SimHarness(new SimulatorOptions { EventPollsBeforeCompletion = 3 });
        h.Location.AddAsset("100", 100);
        string eventId = await h.SubmitAsync("assets/associate", Associate(new[] { "100" }, serials: Enumerable.Range(0, 40).Select(i => "S" + i).ToArray()));

        var progress = new System.Collections.Generic.List<int>();
        for (int i = 0; i < 3; i++)
        {
            var poll = (await h.GetAsync("status?eventId=" + eventId)).Json;
            Assert.Equal("PENDING", poll.Str("eventStatus"));
            Assert.Equal(40, poll.Int("numRequested"));
            progress.Add(poll.Int("numCompleted"));
        }
        var done = (await h.GetAsync("status?eventId=" + eventId)).Json;

        Assert.Equal(new[] { 10, 20, 30 }, progress);
        Assert.Equal("COMPLETE", done.Str("eventStatus"));
        Assert.Equal(40, done.Int("numCompleted"));
    }

    [Fact]
    public async Task Unknown_event_is_9708_and_events_belong_to_their_location()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 1);
        string eventId = await h.SubmitAsync("assets/associate", Associate(new[] { "100" }, serials: new[] { "S1" }));
        var other = h.Simulator.AddLocation("Other");

        (await h.GetAsync("status?eventId=00000000-0000-0000-0000-000000000000")).AssertError(HttpStatusCode.BadRequest, 9708);
        (await h.GetAsync("status")).AssertError(HttpStatusCode.BadRequest, 9708);
        (await h.GetAsync("status?eventId=" + eventId, token: other.TokenFileContent)).AssertError(HttpStatusCode.BadRequest, 9708);
    }

    [Fact]
    public async Task Read_only_token_cannot_write()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 1);
        h.Location.ReadOnly = true;
        (await h.GetAsync("assets")).AssertOk();
        (await h.PostAsync("assets/associate", Associate(new[] { "100" }, serials: new[] { "S1" }))).AssertError(HttpStatusCode.BadRequest, 9637);
    }
}
