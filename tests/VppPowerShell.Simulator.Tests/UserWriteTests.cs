using System.Linq;
using System.Net;
using System.Threading.Tasks;
using VppPowerShell.Simulator.Model;
using Xunit;

namespace VppPowerShell.Simulator.Tests;

public class UserWriteTests
{
    [Fact]
    public async Task Create_update_retire_round_trip()
    {
        using var h = new SimHarness();

        var created = await h.RunAsync("users/create", "{\"users\":[{\"clientUserId\":\"a\",\"email\":\"a@example.com\"},{\"clientUserId\":\"b\",\"managedAppleId\":\"b@contoso.example\"}]}");
        Assert.Equal("COMPLETE", created.Str("eventStatus"));
        Assert.Equal("CREATE", created.Str("eventType"));
        Assert.Equal(2, created.Int("numRequested"));
        Assert.Equal("Registered", h.Location.Users.Single(u => u.ClientUserId == "a").Status);
        Assert.Equal("Associated", h.Location.Users.Single(u => u.ClientUserId == "b").Status);

        var updated = await h.RunAsync("users/update", "{\"users\":[{\"clientUserId\":\"a\",\"email\":\"new@example.com\"}]}");
        Assert.Equal("UPDATE", updated.Str("eventType"));
        Assert.Equal("new@example.com", h.Location.Users.Single(u => u.ClientUserId == "a").Email);

        var retired = await h.RunAsync("users/retire", "{\"users\":[{\"clientUserId\":\"a\"}]}");
        Assert.Equal("RETIRE", retired.Str("eventType"));
        Assert.Equal("COMPLETE", retired.Str("eventStatus"));
        Assert.Equal("Retired", h.Location.Users.Single(u => u.ClientUserId == "a").Status);

        // A retired clientUserId can be created again: one retired and one active record.
        await h.RunAsync("users/create", "{\"users\":[{\"clientUserId\":\"a\"}]}");
        Assert.Equal(new[] { "Retired", "Registered" }, h.Location.Users.Where(u => u.ClientUserId == "a").Select(u => u.Status).ToArray());
    }

    [Fact]
    public async Task Creating_an_active_user_again_fails_9716_and_unknown_users_fail_9609()
    {
        using var h = new SimHarness();
        h.Location.AddUser("a");

        var create = await h.RunAsync("users/create", "{\"users\":[{\"clientUserId\":\"a\"},{\"clientUserId\":\"b\"}]}");
        Assert.Equal("FAILED", create.Str("eventStatus"));
        Assert.Equal(2, create.Int("numRequested"));
        Assert.Equal(1, create.Int("numCompleted"));
        var f = Assert.Single(create.GetProperty("failures").EnumerateArray());
        Assert.Equal(9716, f.Int("errorNumber"));
        Assert.Equal(new[] { "a" }, f.GetProperty("errorInfo").Strings("clientUserIds"));

        var update = await h.RunAsync("users/update", "{\"users\":[{\"clientUserId\":\"ghost\",\"email\":\"g@example.com\"}]}");
        Assert.Equal(9609, Assert.Single(update.GetProperty("failures").EnumerateArray()).Int("errorNumber"));
        var retire = await h.RunAsync("users/retire", "{\"users\":[{\"clientUserId\":\"ghost\"},{\"clientUserId\":\"b\"}]}");
        Assert.Equal("FAILED", retire.Str("eventStatus"));
        Assert.Equal(1, retire.Int("numCompleted"));
        Assert.Equal(9609, Assert.Single(retire.GetProperty("failures").EnumerateArray()).Int("errorNumber"));
    }

    [Fact]
    public async Task Synchronous_user_validation()
    {
        var options = new SimulatorOptions();
        options.Limits.MaxUsers = 2;
        using var h = new SimHarness(options);

        (await h.PostAsync("users/create", "{}")).AssertError(HttpStatusCode.BadRequest, 9720);
        (await h.PostAsync("users/create", "{\"users\":[]}")).AssertError(HttpStatusCode.BadRequest, 9720);
        (await h.PostAsync("users/create", "{\"users\":[{\"clientUserId\":\"a\"},{\"clientUserId\":\"b\"},{\"clientUserId\":\"c\"}]}")).AssertError(HttpStatusCode.BadRequest, 9714);
        (await h.PostAsync("users/create", "{\"users\":[{\"clientUserId\":\"a\"},{\"clientUserId\":\"a\"}]}")).AssertError(HttpStatusCode.BadRequest, 9715);
        var email = await h.PostAsync("users/create", "{\"users\":[{\"clientUserId\":\"a\",\"email\":\"not-an-email\"}]}");
        email.AssertError(HttpStatusCode.BadRequest, 9717);
        (await h.PostAsync("users/update", "{\"users\":[{\"clientUserId\":\"a\",\"email\":\"x@\"}]}")).AssertError(HttpStatusCode.BadRequest, 9717);
        Assert.Equal(0, h.Location.EventCount);
    }

    [Fact]
    public async Task Retire_releases_revocable_licenses_and_books_count_as_retired()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 5);
        h.Location.AddAsset("300", 5, productType: "Book", deviceAssignable: false, revocable: false);
        h.Location.AddUser("u1");
        h.Location.Assign("100", clientUserId: "u1");
        h.Location.Assign("300", clientUserId: "u1");

        await h.RunAsync("users/retire", "{\"users\":[{\"clientUserId\":\"u1\"}]}");

        var assets = (await h.GetAsync("assets")).Json.GetProperty("assets").EnumerateArray().ToDictionary(a => a.Str("adamId"));
        Assert.Equal(0, assets["100"].Int("assignedCount"));
        Assert.Equal(5, assets["100"].Int("availableCount"));
        Assert.Equal(1, assets["300"].Int("assignedCount"));
        Assert.Equal(1, assets["300"].Int("retiredCount"));
        Assert.Equal(4, assets["300"].Int("availableCount"));
        Assert.False(h.Location.HasAssignment("100", clientUserId: "u1"));
        Assert.True(h.Location.HasAssignment("300", clientUserId: "u1"));

        var withState = (await h.GetAsync("assignments?includeUserState=true")).Json.GetProperty("assignments")[0];
        Assert.Equal("Retired", withState.Str("userStatus"));
        Assert.Equal(0, (await h.GetAsync("assignments?excludeInactiveUsers=true")).Json.Int("size"));
    }

    [Fact]
    public async Task Accepting_the_invitation_associates_the_user()
    {
        using var h = new SimHarness();
        h.Location.AddUser("u1");
        string code = h.Location.Users.Single().InviteCode!;
        var config = (await h.GetAsync("service/config")).Json;
        string url = config.GetProperty("urls").Str("invitationEmail").Replace("%25inviteCode%25", code);

        using var browser = new System.Net.Http.HttpClient();
        var response = await browser.GetAsync(url + "&appleId=someone@icloud.example");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var user = h.Location.Users.Single();
        Assert.Equal("Associated", user.Status);
        Assert.Null(user.InviteCode);
        Assert.NotNull(user.IdHash);
    }
}
