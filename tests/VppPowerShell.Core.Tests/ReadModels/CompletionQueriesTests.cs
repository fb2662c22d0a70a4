using System.IO;
using System.Linq;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tests.Reports;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Core.Tests.ReadModels;

public sealed class CompletionQueriesTests
{
    [Fact]
    public void A_missing_store_offers_nothing_and_is_not_created()
    {
        using var folder = new TempFolder();
        Assert.Null(CompletionQueries.TryOpen(StoreLocation.Resolve(folder.StorePath, null)));
        Assert.False(File.Exists(folder.StorePath));
    }

    [Fact]
    public void A_file_that_is_not_a_store_offers_nothing_and_is_not_changed()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.StorePath, "not a database");
        Assert.Null(CompletionQueries.TryOpen(StoreLocation.Resolve(folder.StorePath, null)));
        Assert.Equal("not a database", File.ReadAllText(folder.StorePath));
    }

    [Theory, PostgresStore]
    public void A_shared_store_that_is_not_there_or_not_reachable_offers_nothing_and_nothing_is_created(StoreEngine engine)
    {
        using var folder = new TempFolder();
        var empty = TestStores.NewLocation(engine, folder);
        Assert.Null(CompletionQueries.TryOpen(empty));
        using (var raw = new Npgsql.NpgsqlConnection(empty.ConnectionString))
        {
            raw.Open();
            using var tables = new Npgsql.NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema();", raw);
            Assert.Equal(0L, tables.ExecuteScalar());
        }

        var unreachable = StoreLocation.ForConnection("Host=127.0.0.1;Port=1;Database=vpp;Username=vpp", StoreLocationSource.Parameter, null, null);
        Assert.Null(CompletionQueries.TryOpen(unreachable));
    }

    [Theory, SqliteStore, PostgresStore]
    public void Prefixes_match_case_insensitively_wildcards_apply_and_like_characters_are_literal(StoreEngine engine)
    {
        using var data = new ReportStore(engine);
        var paris = data.AddToken("Contoso Paris", ReportStore.Now.AddDays(200));
        data.AddToken("Contoso_Lyon", ReportStore.Now.AddDays(200));
        data.AddToken("Éole Nantes", ReportStore.Now.AddDays(200));
        data.AddAsset(paris, "361309726", "Pages", total: 4, assigned: 1);
        data.AddAsset(paris, "408709785", "Keynote", total: 4, assigned: 1);
        data.Group("Field iPads", "Device", "SN1", "SN2");

        using var queries = CompletionQueries.TryOpen(data.Store.Location)!;
        Assert.Equal(new[] { "Contoso Paris", "Contoso_Lyon" }, queries.TokenNames("contoso").Select(i => i.Value).OrderBy(v => v));
        Assert.Equal(new[] { "Contoso_Lyon" }, queries.TokenNames("Contoso_").Select(i => i.Value));
        Assert.Equal(new[] { "Éole Nantes" }, queries.TokenNames("éole").Select(i => i.Value));
        Assert.Equal(new[] { "Contoso Paris" }, queries.TokenNames("*paris").Select(i => i.Value));
        Assert.Equal(new[] { "408709785" }, queries.AssetIds("key").Select(i => i.Value));
        var pages = Assert.Single(queries.AssetIds("3613"));
        Assert.Contains("Pages", pages.Label);
        Assert.Contains("Contoso Paris", pages.Description);
        Assert.Empty(queries.AssetIds(string.Empty, new[] { "Contoso_Lyon" }));
        Assert.Equal("Field iPads: device group, 2 members", Assert.Single(queries.GroupNames("f")).Description);
        Assert.Empty(queries.JobIds(string.Empty));
    }
}
