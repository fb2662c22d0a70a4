using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Core.Tests;

public sealed class VppStoreTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_new_store_is_migrated_to_the_latest_schema_in_WAL_mode_with_foreign_keys()
    {
        using var store = VppStore.Open(StoreLocation.Resolve(folder.StorePath, null));

        Assert.Equal(StoreMigrations.LatestVersion, store.SchemaVersion);
        Assert.Equal("wal", Scalar(store, "PRAGMA journal_mode;"));
        Assert.Equal(1L, Scalar(store, "PRAGMA foreign_keys;"));
        Assert.Equal((long)StoreMigrations.LatestVersion, Scalar(store, "PRAGMA user_version;"));
        Assert.Equal(36, ((string)Scalar(store, "SELECT value FROM store_info WHERE key = 'store_id';")!).Length);
    }

    [Fact]
    public void Reopening_keeps_the_data_and_the_store_identity()
    {
        string id;
        using (var store = VppStore.Open(StoreLocation.Resolve(folder.StorePath, null)))
        {
            id = (string)Scalar(store, "SELECT value FROM store_info WHERE key = 'store_id';")!;
        }

        using var again = VppStore.Open(StoreLocation.Resolve(folder.StorePath, null));
        Assert.Equal(id, Scalar(again, "SELECT value FROM store_info WHERE key = 'store_id';"));
    }

    [Fact]
    public void The_store_and_its_key_are_readable_by_their_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;
        using (var store = VppStore.Open(StoreLocation.Resolve(folder.StorePath, null)))
        {
            new TokenCatalog(store).Add(Request(new TestTokenFile(), "Owner only"));
        }

        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(folder.StorePath));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(folder.StorePath + ".key"));
    }

    [Fact]
    public void The_default_folder_is_created_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;
        var location = StoreLocation.Resolve(null, null, _ => null, () => folder.File("data"));
        Directory.CreateDirectory(folder.File("data"));

        using (VppStore.Open(location))
        {
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(location.Path)!));
    }

    [Fact]
    public void Stores_opened_at_once_by_many_connections_migrate_once_and_all_writers_succeed()
    {
        const int writers = 6;
        const int tokensEach = 25;

        Parallel.For(0, writers, new ParallelOptions { MaxDegreeOfParallelism = writers }, writer =>
        {
            using var store = VppStore.Open(StoreLocation.Resolve(folder.StorePath, null));
            var catalog = new TokenCatalog(store);
            for (var i = 0; i < tokensEach; i++) catalog.Add(Request(new TestTokenFile(), $"W{writer}-{i}"));
        });

        using var check = VppStore.Open(StoreLocation.Resolve(folder.StorePath, null));
        var tokens = new TokenCatalog(check).Find();
        Assert.Equal(writers * tokensEach, tokens.Count);
        Assert.Equal(tokens.Count, tokens.Select(t => t.TokenId).Distinct().Count());
    }

    [Fact]
    public void A_token_added_by_one_connection_is_found_as_a_duplicate_by_another()
    {
        var file = new TestTokenFile();
        using var first = VppStore.Open(StoreLocation.Resolve(folder.StorePath, null));
        using var second = VppStore.Open(StoreLocation.Resolve(folder.StorePath, null));
        new TokenCatalog(first).Add(Request(file, "One"));

        var error = Assert.Throws<VppException>(() => new TokenCatalog(second).Add(Request(file, "Two")));

        Assert.Equal(VppErrorIds.TokenAlreadyAdded, error.ErrorId);
    }

    private NewTokenRequest Request(TestTokenFile file, string name) =>
        NewTokenRequest.Create(TokenSource.FromFile(file.WriteTo(folder.Path)), name, "vpp@contoso.com", "US",
            AccountType.Education, true, true, DateTimeOffset.UtcNow);

    private static object? Scalar(VppStore store, string sql)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
