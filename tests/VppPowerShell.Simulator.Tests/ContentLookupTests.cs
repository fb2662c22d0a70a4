using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace VppPowerShell.Simulator.Tests;

public class ContentLookupTests
{
    [Fact]
    public async Task Names_are_per_country_store_and_missing_ones_are_absent()
    {
        using var h = new SimHarness();
        h.Location.AddAsset("100", 1, name: "Contoso Notes", supportedPlatforms: new[] { "iOS", "macOS" });
        h.Location.AddAsset("300", 1, productType: "Book", deviceAssignable: false, revocable: false, name: "The Handbook");
        h.Location.SetAssetName("100", "FR", "Notes Contoso");
        h.Location.SetAssetName("300", "FR", null);

        using var client = new HttpClient();
        async Task<JsonElement> Lookup(string cc)
        {
            string url = h.Simulator.ContentLookupUri + "?version=2&id=100,300,999&p=mdm-lockup&caller=MDM&platform=enterprisestore&cc=" + cc;
            return JsonDocument.Parse(await client.GetStringAsync(url)).RootElement.GetProperty("results").Clone();
        }

        var us = await Lookup("us");
        Assert.Equal("Contoso Notes", us.GetProperty("100").Str("name"));
        Assert.Equal("100", us.GetProperty("100").Str("id"));
        Assert.Equal("software", us.GetProperty("100").Str("kind"));
        Assert.Contains("mac", us.GetProperty("100").Strings("deviceFamilies"));
        Assert.False(string.IsNullOrEmpty(us.GetProperty("100").Str("bundleId")));
        Assert.False(string.IsNullOrEmpty(us.GetProperty("100").Str("artistName")));
        Assert.Equal("ebook", us.GetProperty("300").Str("kind"));
        Assert.False(us.Has("999"));

        var fr = await Lookup("FR");
        Assert.Equal("Notes Contoso", fr.GetProperty("100").Str("name"));
        Assert.False(fr.Has("300"));

        Assert.Empty((await Lookup("DE")).EnumerateObject());
    }
}
