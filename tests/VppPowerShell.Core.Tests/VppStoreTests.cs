using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using VppPowerShell.Core.Security;
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

    [Theory, SqliteStore, PostgresStore]
    public void Reopening_keeps_the_data_and_the_store_identity(StoreEngine engine)
    {
        var location = TestStores.NewLocation(engine, folder);
        string id;
        using (var store = VppStore.Open(location))
        {
            Assert.Equal(engine, store.Engine);
            Assert.Equal(StoreMigrations.LatestVersion, store.SchemaVersion);
            id = (string)Scalar(store, "SELECT value FROM store_info WHERE key = 'store_id';")!;
        }

        using var again = VppStore.Open(location);
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

    [Theory, SqliteStore, PostgresStore]
    public void Stores_opened_at_once_by_many_connections_migrate_once_and_all_writers_succeed(StoreEngine engine)
    {
        const int writers = 6;
        const int tokensEach = 25;
        var location = TestStores.NewLocation(engine, folder);

        Parallel.For(0, writers, new ParallelOptions { MaxDegreeOfParallelism = writers }, writer =>
        {
            using var store = VppStore.Open(location);
            var catalog = new TokenCatalog(store);
            for (var i = 0; i < tokensEach; i++) catalog.Add(Request(new TestTokenFile(), $"W{writer}-{i}"));
        });

        using var check = VppStore.Open(location);
        Assert.Equal(1L, Convert.ToInt64(Scalar(check, "SELECT COUNT(*) FROM store_info WHERE key = 'store_id';")));
        var tokens = new TokenCatalog(check).Find();
        Assert.Equal(writers * tokensEach, tokens.Count);
        Assert.Equal(tokens.Count, tokens.Select(t => t.TokenId).Distinct().Count());
    }

    [Theory, SqliteStore, PostgresStore]
    public void A_token_added_by_one_connection_is_found_as_a_duplicate_by_another(StoreEngine engine)
    {
        var file = new TestTokenFile();
        var location = TestStores.NewLocation(engine, folder);
        using var first = VppStore.Open(location);
        using var second = VppStore.Open(location);
        new TokenCatalog(first).Add(Request(file, "One"));

        var error = Assert.Throws<VppException>(() => new TokenCatalog(second).Add(Request(file, "Two")));

        Assert.Equal(VppErrorIds.TokenAlreadyAdded, error.ErrorId);
    }

    [Theory, SqliteStore, PostgresStore]
    public void A_store_of_a_newer_schema_is_refused_and_left_as_it_is(StoreEngine engine)
    {
        var location = TestStores.NewLocation(engine, folder);
        using (var store = VppStore.Open(location))
        {
            Scalar(store, engine == StoreEngine.Sqlite ? "PRAGMA user_version = 99;" : "UPDATE vpp_schema SET version = 99;");
        }

        var error = Assert.Throws<VppException>(() => VppStore.Open(location));

        Assert.Equal(VppErrorIds.StoreSchemaTooNew, error.ErrorId);
        using var raw = engine == StoreEngine.Sqlite ? null : new Npgsql.NpgsqlConnection(location.ConnectionString);
        if (raw is null) return;
        raw.Open();
        using var version = new Npgsql.NpgsqlCommand("SELECT version FROM vpp_schema;", raw);
        Assert.Equal(99, version.ExecuteScalar());
    }

    [Theory, PostgresStore]
    public void A_shared_store_never_holds_a_token_readably_and_refuses_a_wrong_or_missing_key_before_writing(StoreEngine engine)
    {
        var file = new TestTokenFile();
        var location = TestStores.NewLocation(engine, folder);
        using (var store = VppStore.Open(location))
        {
            new TokenCatalog(store).Add(Request(file, "Secret"));
        }

        var before = Dump(location);
        Assert.DoesNotContain(file.Content, before, StringComparison.Ordinal);
        Assert.DoesNotContain(TestStores.KeyText, before, StringComparison.Ordinal);

        var wrong = Assert.Throws<VppException>(() => VppStore.Open(location.WithKey(StoreKey.FromText(new string('w', 40), "a wrong key"))));
        Assert.Equal(VppErrorIds.StoreKeyWrong, wrong.ErrorId);
        Assert.Contains("a wrong key", wrong.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<VppException>(() => VppStore.Open(StoreLocation.ForConnection(location.ConnectionString!, StoreLocationSource.Parameter, null, null)));
        Assert.Equal(VppErrorIds.StoreKeyMissing, missing.ErrorId);
        Assert.Contains(StoreKey.EnvironmentVariable, missing.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal(before, Dump(location));
    }

    [Theory, PostgresStore]
    public void A_new_key_re_encrypts_every_token_and_the_old_key_is_refused_from_then_on(StoreEngine engine)
    {
        var file = new TestTokenFile();
        var location = TestStores.NewLocation(engine, folder);
        var newKey = StoreKey.FromText(new string('n', 48), "the new key");
        using (var store = VppStore.Open(location))
        {
            var catalog = new TokenCatalog(store);
            catalog.Add(Request(file, "One"));
            catalog.Add(Request(new TestTokenFile(), "Two"));
            store.ChangeKey(newKey);
            Assert.Equal(file.Content, catalog.RevealCredential(catalog.Get("One")));
        }

        Assert.Equal(VppErrorIds.StoreKeyWrong, Assert.Throws<VppException>(() => VppStore.Open(location)).ErrorId);
        using var reopened = VppStore.Open(location.WithKey(newKey));
        var tokens = new TokenCatalog(reopened);
        Assert.Equal(file.Content, tokens.RevealCredential(tokens.Get("One")));
        Assert.Equal(2, tokens.Find().Count);
    }

    [Theory, PostgresStore]
    public void Both_engines_build_the_same_tables_and_columns_at_the_same_schema_version(StoreEngine engine)
    {
        using var shared = VppStore.Open(TestStores.NewLocation(engine, folder));
        using var local = VppStore.Open(TestStores.NewLocation(StoreEngine.Sqlite, folder));

        var sqlite = new System.Collections.Generic.SortedDictionary<string, string>();
        foreach (var table in Strings(local, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name;"))
        {
            sqlite[table] = string.Join(",", Strings(local, $"SELECT name FROM pragma_table_info('{table}') ORDER BY name;"));
        }

        var postgres = new System.Collections.Generic.SortedDictionary<string, string>();
        foreach (var table in Strings(shared, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> 'vpp_schema' ORDER BY 1;"))
        {
            postgres[table] = string.Join(",", Strings(shared, $"SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}' ORDER BY 1;"));
        }

        Assert.Equal(sqlite, postgres);
        Assert.Equal(local.SchemaVersion, shared.SchemaVersion);
    }

    private static System.Collections.Generic.List<string> Strings(VppStore store, string sql)
    {
        var result = new System.Collections.Generic.List<string>();
        using var command = store.Connection.CreateCommand(null, sql);
        using var reader = command.ExecuteReader();
        while (reader.Read()) result.Add(reader.GetString(0));
        return result;
    }

    /// <summary>Every row of every table of a shared store, as text: what someone with the database alone sees.</summary>
    private static string Dump(StoreLocation location)
    {
        using var connection = new Npgsql.NpgsqlConnection(location.ConnectionString);
        connection.Open();
        var text = new System.Text.StringBuilder();
        foreach (var table in new[] { "store_info", "tokens", "vpp_schema" })
        {
            using var command = new Npgsql.NpgsqlCommand($"SELECT t::text FROM {table} t ORDER BY 1;", connection);
            using var reader = command.ExecuteReader();
            while (reader.Read()) text.AppendLine(reader.GetString(0));
        }

        return text.ToString();
    }

    private NewTokenRequest Request(TestTokenFile file, string name) =>
        NewTokenRequest.Create(TokenSource.FromFile(file.WriteTo(folder.Path)), name, "vpp@contoso.com", "US",
            AccountType.Education, true, true, DateTimeOffset.UtcNow);

    private static object? Scalar(VppStore store, string sql)
    {
        using var command = store.Connection.CreateCommand(null, sql);
        return command.ExecuteScalar();
    }
}
