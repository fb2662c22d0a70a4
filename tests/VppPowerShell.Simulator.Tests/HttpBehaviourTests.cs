using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace VppPowerShell.Simulator.Tests;

public class HttpBehaviourTests
{
    [Fact]
    public async Task Wrong_method_is_405_9726()
    {
        using var h = new SimHarness();
        (await h.GetAsync("assets/associate")).AssertError(HttpStatusCode.MethodNotAllowed, 9726);
        (await h.PostAsync("assets", "{}")).AssertError(HttpStatusCode.MethodNotAllowed, 9726);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, "users");
        (await h.SendAsync(delete)).AssertError(HttpStatusCode.MethodNotAllowed, 9726);
    }

    [Fact]
    public async Task Post_without_json_content_type_is_415_9727()
    {
        using var h = new SimHarness();
        (await h.PostAsync("users/create", "{}", "text/plain")).AssertError(HttpStatusCode.UnsupportedMediaType, 9727);
        using var noBody = new HttpRequestMessage(HttpMethod.Post, "users/create");
        (await h.SendAsync(noBody)).AssertError(HttpStatusCode.UnsupportedMediaType, 9727);
    }

    [Fact]
    public async Task Unknown_path_is_404_and_bad_json_is_9602()
    {
        using var h = new SimHarness();
        Assert.Equal(HttpStatusCode.NotFound, (await h.GetAsync("nope")).Status);
        (await h.PostAsync("users/create", "{not json")).AssertError(HttpStatusCode.BadRequest, 9602);
    }

    [Fact]
    public async Task Chunked_request_bodies_are_read()
    {
        using var h = new SimHarness();
        using var request = new HttpRequestMessage(HttpMethod.Post, "users/create")
        {
            Content = JsonContent.Create(new { users = new[] { new { clientUserId = "chunky" } } }),
        };
        Assert.Null(request.Content.Headers.ContentLength);

        var reply = await h.SendAsync(request);

        reply.AssertOk();
        Assert.Contains(h.Location.Users, u => u.ClientUserId == "chunky");
    }

    [Fact]
    public async Task Keep_alive_reuses_one_connection_for_sequential_requests()
    {
        using var h = new SimHarness();
        for (int i = 0; i < 20; i++) (await h.GetAsync("assets")).AssertOk();

        Assert.Equal(1, h.Simulator.OpenConnections);
        Assert.Equal(20, h.Simulator.Statistics.Requests("GET assets"));
    }

    [Fact]
    public async Task Unknown_query_parameters_are_ignored()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("1", 1);
        var reply = await h.GetAsync("assets?pageSize=500&foo=bar&sinceVersionId=whatever");
        reply.AssertOk();
        Assert.Equal(1, reply.Json.Int("size"));
    }

    [Fact]
    public async Task Dispose_frees_the_port()
    {
        var sim = AppleSimulator.Start();
        int port = sim.Port;
        using (var client = new HttpClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(sim.ServiceConfigUri)).StatusCode);
        }
        sim.Dispose();

        using var again = AppleSimulator.Start(port: port);
        Assert.Equal(port, again.Port);
        using var client2 = new HttpClient();
        var response = await client2.PostAsync(again.ServiceConfigUri, new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
