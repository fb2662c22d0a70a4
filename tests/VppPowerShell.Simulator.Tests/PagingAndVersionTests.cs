using System.Linq;
using System.Net;
using System.Threading.Tasks;
using VppPowerShell.Simulator.Model;
using Xunit;

namespace VppPowerShell.Simulator.Tests;

public class PagingAndVersionTests
{
    private static SimHarness WithAssets(int count, int pageSize)
    {
        var options = new SimulatorOptions { PageSize = pageSize };
        var h = new SimHarness(options);
        for (int i = 1; i <= count; i++) h.Location.AddAsset((1000 + i).ToString(), 10);
        return h;
    }

    [Fact]
    public async Task Pages_are_zero_based_with_next_page_only_when_another_follows()
    {
        using var h = WithAssets(7, pageSize: 3);

        var first = await h.GetAsync("assets");
        var last = await h.GetAsync("assets?pageIndex=2");

        first.AssertOk();
        Assert.Equal(0, first.Json.Int("currentPageIndex"));
        Assert.Equal(1, first.Json.Int("nextPageIndex"));
        Assert.Equal(3, first.Json.Int("size"));
        Assert.Equal(3, first.Json.Int("totalPages"));
        Assert.False(string.IsNullOrEmpty(first.Json.Str("versionId")));
        Assert.Equal(2, last.Json.Int("currentPageIndex"));
        Assert.Equal(1, last.Json.Int("size"));
        Assert.False(last.Json.Has("nextPageIndex"));
        Assert.Equal(7, (await h.ReadAllAsync("assets", "assets")).Select(a => a.Str("adamId")).Distinct().Count());
    }

    [Fact]
    public async Task Page_out_of_range_is_9650_and_an_empty_list_has_one_page()
    {
        using var h = WithAssets(3, pageSize: 3);
        (await h.GetAsync("assets?pageIndex=1")).AssertError(HttpStatusCode.BadRequest, 9650);
        (await h.GetAsync("assets?pageIndex=-1")).AssertError(HttpStatusCode.BadRequest, 9650);

        var empty = await h.GetAsync("assignments");
        empty.AssertOk();
        Assert.Equal(0, empty.Json.Int("size"));
        Assert.Equal(1, empty.Json.Int("totalPages"));
        Assert.False(empty.Json.Has("nextPageIndex"));
    }

    [Fact]
    public async Task Asset_rows_and_filters()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 10, supportedPlatforms: new[] { "iOS", "macOS" });
        h.Location.AddAsset("200", 5, productType: "Book", pricingParam: "PLUS", deviceAssignable: false, revocable: false);
        h.Location.AddUser("u1");
        h.Location.Assign("100", clientUserId: "u1");
        h.Location.Assign("100", serialNumber: "S1");

        var all = await h.GetAsync("assets");
        var app = all.Json.GetProperty("assets").EnumerateArray().Single(a => a.Str("adamId") == "100");
        Assert.Equal("STDQ", app.Str("pricingParam"));
        Assert.Equal("App", app.Str("productType"));
        Assert.Equal(2, app.Int("assignedCount"));
        Assert.Equal(8, app.Int("availableCount"));
        Assert.Equal(10, app.Int("totalCount"));
        Assert.Equal(0, app.Int("retiredCount"));
        Assert.True(app.GetProperty("deviceAssignable").GetBoolean());
        Assert.Equal(new[] { "iOS", "macOS" }, app.Strings("supportedPlatforms"));

        async Task<string[]> Ids(string query) =>
            (await h.GetAsync("assets?" + query)).Json.GetProperty("assets").EnumerateArray().Select(a => a.Str("adamId")).ToArray();
        Assert.Equal(new[] { "200" }, await Ids("productType=Book"));
        Assert.Equal(new[] { "200" }, await Ids("pricingParam=PLUS"));
        Assert.Equal(new[] { "100" }, await Ids("deviceAssignable=true"));
        Assert.Equal(new[] { "200" }, await Ids("revocable=false"));
        Assert.Equal(new[] { "100" }, await Ids("adamId=100"));
        Assert.Equal(new[] { "100" }, await Ids("minAssignedCount=1"));
        Assert.Equal(new[] { "200" }, await Ids("maxAssignedCount=0"));
        Assert.Equal(new[] { "100" }, await Ids("minAvailableCount=6&maxAvailableCount=8"));
    }

    [Fact]
    public async Task Assignment_filters()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 10);
        h.Location.AddAsset("200", 10);
        h.Location.AddUser("u1");
        h.Location.Assign("100", clientUserId: "u1");
        h.Location.Assign("200", clientUserId: "u1");
        h.Location.Assign("100", serialNumber: "S1");

        async Task<int> Count(string query) => (await h.GetAsync("assignments?" + query)).Json.Int("size");
        Assert.Equal(3, await Count(""));
        Assert.Equal(2, await Count("adamId=100"));
        Assert.Equal(2, await Count("clientUserId=u1"));
        Assert.Equal(1, await Count("clientUserId=u1&adamId=200"));
        Assert.Equal(1, await Count("serialNumber=S1"));
        Assert.Equal(0, await Count("serialNumber=unknown"));
        Assert.Equal(3, await Count("pricingParam=STDQ"));

        var row = (await h.GetAsync("assignments?serialNumber=S1")).Json.GetProperty("assignments")[0];
        Assert.Equal("100", row.Str("adamId"));
        Assert.Equal("STDQ", row.Str("pricingParam"));
        Assert.Equal("S1", row.Str("serialNumber"));
        Assert.False(row.Has("clientUserId"));
    }

    [Fact]
    public async Task VersionId_changes_on_every_write_to_that_data_set()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 10);
        string assets0 = (await h.GetAsync("assets")).Json.Str("versionId");
        string assignments0 = (await h.GetAsync("assignments")).Json.Str("versionId");
        string users0 = (await h.GetAsync("users")).Json.Str("versionId");

        Assert.Equal(assignments0, (await h.GetAsync("assignments")).Json.Str("versionId"));
        await h.RunAsync("assets/associate", "{\"assets\":[{\"adamId\":\"100\"}],\"serialNumbers\":[\"S1\"]}");

        Assert.NotEqual(assets0, (await h.GetAsync("assets")).Json.Str("versionId"));
        Assert.NotEqual(assignments0, (await h.GetAsync("assignments")).Json.Str("versionId"));
        Assert.Equal(users0, (await h.GetAsync("users")).Json.Str("versionId"));

        // Re-associating the same pair changes nothing.
        string assignments1 = (await h.GetAsync("assignments")).Json.Str("versionId");
        await h.RunAsync("assets/associate", "{\"assets\":[{\"adamId\":\"100\"}],\"serialNumbers\":[\"S1\"]}");
        Assert.Equal(assignments1, (await h.GetAsync("assignments")).Json.Str("versionId"));
    }

    [Fact]
    public async Task SinceVersionId_returns_only_rows_created_after_it_and_not_removed_ones()
    {
        using var h = new SimHarness(new SimulatorOptions { PageSize = 2 });
        h.Location.AddAsset("100", 10);
        h.Location.Assign("100", serialNumber: "OLD1");
        h.Location.Assign("100", serialNumber: "OLD2");
        string since = (await h.GetAsync("assignments")).Json.Str("versionId");

        h.Location.Assign("100", serialNumber: "NEW1");
        h.Location.Assign("100", serialNumber: "NEW2");
        h.Location.Assign("100", serialNumber: "NEW3");
        h.Location.Assign("100", serialNumber: "GONE");
        h.Location.Unassign("100", serialNumber: "GONE");
        h.Location.Unassign("100", serialNumber: "OLD1");

        var delta = await h.ReadAllAsync("assignments?sinceVersionId=" + since, "assignments");
        Assert.Equal(new[] { "NEW1", "NEW2", "NEW3" }, delta.Select(a => a.Str("serialNumber")).OrderBy(s => s).ToArray());

        var page = await h.GetAsync("assignments?sinceVersionId=" + since);
        Assert.Equal(2, page.Json.Int("totalPages"));
        Assert.NotEqual(since, page.Json.Str("versionId"));
        string latest = page.Json.Str("versionId");

        var none = await h.GetAsync("assignments?sinceVersionId=" + latest);
        none.AssertOk();
        Assert.Equal(0, none.Json.Int("size"));
    }

    [Fact]
    public async Task Invalid_sinceVersionId_is_9721()
    {
        using var h = new SimHarness();
        string usersVersion = (await h.GetAsync("users")).Json.Str("versionId");
        string assignmentsVersion = (await h.GetAsync("assignments")).Json.Str("versionId");
        (await h.GetAsync("assignments?sinceVersionId=garbage")).AssertError(HttpStatusCode.BadRequest, 9721);
        (await h.GetAsync("assignments?sinceVersionId=" + usersVersion)).AssertError(HttpStatusCode.BadRequest, 9721);
        (await h.GetAsync("users?sinceVersionId=" + assignmentsVersion)).AssertError(HttpStatusCode.BadRequest, 9721);
        (await h.GetAsync("assignments?sinceVersionId=")).AssertError(HttpStatusCode.BadRequest, 9721);

        var other = h.Simulator.AddLocation("Other");
        (await h.GetAsync("assignments?sinceVersionId=" + assignmentsVersion, token: other.TokenFileContent)).AssertError(HttpStatusCode.BadRequest, 9721);
    }

    [Fact]
    public async Task Users_delta_includes_users_changed_to_retired()
    {
        using var h = new SimHarness();
        h.Location.AddUser("stays");
        h.Location.AddUser("leaves");
        string since = (await h.GetAsync("users")).Json.Str("versionId");

        h.Location.RetireUser("leaves");
        h.Location.AddUser("joins", email: "joins@example.com");

        var delta = await h.ReadAllAsync("users?sinceVersionId=" + since, "users");
        Assert.Equal(new[] { "joins", "leaves" }, delta.Select(u => u.Str("clientUserId")).OrderBy(s => s).ToArray());
        Assert.Equal("Retired", delta.Single(u => u.Str("clientUserId") == "leaves").Str("status"));
    }

    [Fact]
    public async Task User_listing_filters_and_states()
    {
        using var h = new SimHarness();
        h.Location.AddUser("reg", email: "reg@example.com");
        h.Location.AddUser("assoc", managedAppleId: "assoc@contoso.example");
        h.Location.AddUser("gone");
        h.Location.RetireUser("gone");
        h.Location.AddUser("gone"); // re-created: one retired and one active record

        var all = await h.ReadAllAsync("users", "users");
        Assert.Equal(4, all.Count);
        var reg = all.Single(u => u.Str("clientUserId") == "reg");
        Assert.Equal("Registered", reg.Str("status"));
        Assert.Matches("^[0-9a-f]{32}$", reg.Str("inviteCode"));
        Assert.Equal("reg@example.com", reg.Str("email"));
        Assert.False(reg.Has("idHash"));
        var assoc = all.Single(u => u.Str("clientUserId") == "assoc");
        Assert.Equal("Associated", assoc.Str("status"));
        Assert.Equal(28, assoc.Str("idHash").Length);
        Assert.False(assoc.Has("inviteCode"));

        async Task<int> Count(string query) => (await h.GetAsync("users?" + query)).Json.Int("size");
        Assert.Equal(2, await Count("clientUserId=gone"));
        Assert.Equal(3, await Count("activeOnly=true"));
        Assert.Equal(1, await Count("retiredOnly=true"));
        Assert.Equal(3, await Count("includeRetired=0"));
        Assert.Equal(4, await Count("includeRetired=1"));
    }
}
