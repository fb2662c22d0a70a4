using System.IO;
using System.Linq;
using Npgsql;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Sync;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Session;
using VppPowerShell.Tests.Binding;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using VppPowerShell.Tests.Tokens;
using Xunit;

namespace VppPowerShell.Tests.Store;

/// <summary>Use-VppStore and Get-VppStore on both engines; a shared store without its key, or with another, is refused untouched.</summary>
[Collection(nameof(DefaultStoreCollection))]
public sealed class UseStoreTests
{
    [Theory, SqliteStore, PostgresStore]
    public void Use_VppStore_makes_the_store_the_session_default_for_adding_listing_and_syncing_tokens(StoreEngine engine)
    {
        using var f = new SharedStoreFixture();
        var use = f.UseParameters(engine);
        if (engine == StoreEngine.PostgreSql) use.With("Credential", f.LoginCredential());

        CmdletRunner.Invoke("Use-VppStore", use).ShouldSucceed();
        var location = TestApple.NewLocation();
        CmdletRunner.Invoke("Add-VppToken", TokenCommands.AddParameters(f.Folder, TokenCommands.WriteToken(f.Folder, location)).Without("StorePath")).ShouldSucceed();

        Assert.Equal("Contoso Paris", Assert.Single(CmdletRunner.Invoke("Get-VppToken").ShouldSucceed().OutputOf<VppToken>()).Name);
        var sync = Assert.Single(CmdletRunner.Invoke("Sync-VppToken", new { PassThru = true }).ShouldSucceed().OutputOf<SyncSummary>());
        Assert.Equal("Contoso Paris", sync.Name);
        if (engine == StoreEngine.PostgreSql)
        {
            Assert.Equal(SharedStoreFixture.LoginRole, f.Scalar($"SELECT tableowner FROM pg_tables WHERE schemaname = '{f.Schema}' AND tablename = 'tokens';"));
            Assert.False(File.Exists(f.Folder.StorePath));
        }
        else
        {
            Assert.True(File.Exists(f.Folder.StorePath));
        }
    }

    [Theory, SqliteStore, PostgresStore]
    public void Get_VppStore_shows_the_engine_server_and_database_and_never_a_password(StoreEngine engine)
    {
        using var f = new SharedStoreFixture();
        var use = f.UseParameters(engine);
        if (engine == StoreEngine.PostgreSql) use.With("Credential", f.LoginCredential());
        CmdletRunner.Invoke("Use-VppStore", use).ShouldSucceed();

        var info = Assert.Single(CmdletRunner.Invoke("Get-VppStore").ShouldSucceed().OutputOf<StoreInfo>());
        var shown = CmdletRunner.Script("Get-VppStore | Out-String -Width 120; Get-VppStore | Format-List * | Out-String -Width 200").ShouldSucceed();
        var text = string.Concat(shown.Output);

        Assert.Equal(engine, info.Engine);
        Assert.Equal(StoreLocationSource.SessionDefault, info.Source);
        Assert.Contains(engine.ToString(), text);
        if (engine == StoreEngine.PostgreSql)
        {
            var server = new NpgsqlConnectionStringBuilder(TestStores.ServerConnectionString);
            Assert.Equal(server.Host, info.Server);
            Assert.Equal(server.Database, info.Database);
            Assert.Contains($"Username={SharedStoreFixture.LoginRole}", info.StorePath);
            Assert.Contains("store key from the key file", info.Protection);
            Assert.DoesNotContain(SharedStoreFixture.LoginPassword, text);
            Assert.DoesNotContain("Password", text, System.StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            Assert.Null(info.Server);
            Assert.Null(info.Database);
            Assert.Equal(f.Folder.StorePath, info.StorePath);
        }
    }

    [Theory, PostgresStore]
    public void Use_VppStore_Reset_forgets_a_shared_store(StoreEngine engine)
    {
        using var f = new SharedStoreFixture();
        System.Environment.SetEnvironmentVariable(StoreLocation.EnvironmentVariable, f.Folder.File("from-environment.db"));
        CmdletRunner.Invoke("Use-VppStore", f.UseParameters(engine)).ShouldSucceed();

        CmdletRunner.Invoke("Use-VppStore", new { Reset = true }).ShouldSucceed();

        var info = Assert.Single(CmdletRunner.Invoke("Get-VppStore").ShouldSucceed().OutputOf<StoreInfo>());
        Assert.Equal(StoreEngine.Sqlite, info.Engine);
        Assert.Equal(StoreLocationSource.EnvironmentVariable, info.Source);
        Assert.Null(SessionStore.Connection);
    }

    [Theory, PostgresStore]
    public void A_shared_store_without_a_key_is_refused_with_StoreKeyMissing_and_nothing_is_written(StoreEngine engine)
    {
        using var f = new SharedStoreFixture();
        var before = f.Dump();
        var add = TokenCommands.AddParameters(f.Folder, TokenCommands.WriteToken(f.Folder, TestApple.NewLocation())).Without("StorePath").With("StoreConnectionString", f.ConnectionString);

        var added = CmdletRunner.Invoke("Add-VppToken", add);
        var used = CmdletRunner.Invoke("Use-VppStore", new Parameters().With("ConnectionString", f.ConnectionString));

        Assert.Equal(StoreEngine.PostgreSql, engine);
        Assert.Equal("StoreKeyMissing", added.TerminatingError?.ErrorId);
        Assert.Equal("StoreKeyMissing", used.TerminatingError?.ErrorId);
        Assert.Contains("VPP_STORE_KEY", added.TerminatingError!.RecommendedAction);
        Assert.Null(SessionStore.Connection);
        Assert.Equal(before, f.Dump());
    }

    [Theory, PostgresStore]
    public void A_shared_store_opened_with_another_key_is_refused_with_StoreKeyWrong_and_nothing_is_written(StoreEngine engine)
    {
        using var f = new SharedStoreFixture();
        CmdletRunner.Invoke("Use-VppStore", f.UseParameters(engine)).ShouldSucceed();
        CmdletRunner.Invoke("Add-VppToken", TokenCommands.AddParameters(f.Folder, TokenCommands.WriteToken(f.Folder, TestApple.NewLocation())).Without("StorePath")).ShouldSucceed();
        CmdletRunner.Invoke("Use-VppStore", new { Reset = true }).ShouldSucceed();
        var before = f.Dump();
        System.Environment.SetEnvironmentVariable("VPP_STORE_KEY", SharedStoreFixture.OtherKeyText);

        var results = new[]
        {
            CmdletRunner.Invoke("Add-VppToken", TokenCommands.AddParameters(f.Folder, TokenCommands.WriteToken(f.Folder, TestApple.NewLocation()), "Other")
                .Without("StorePath").With("StoreConnectionString", f.ConnectionString)),
            CmdletRunner.Invoke("Remove-VppToken", new Parameters().With("Name", "Contoso Paris").With("Force", true).With("StoreConnectionString", f.ConnectionString)),
            CmdletRunner.Invoke("Use-VppStore", new Parameters().With("ConnectionString", f.ConnectionString).With("KeyPath", f.OtherKeyPath)),
        };

        Assert.All(results, r => Assert.Equal("StoreKeyWrong", r.TerminatingError?.ErrorId));
        Assert.Null(SessionStore.Connection);
        Assert.Equal(before, f.Dump());
    }

    [Fact]
    public void StorePath_and_StoreConnectionString_together_are_refused_before_any_store_is_opened()
    {
        using var f = new SharedStoreFixture();

        var result = CmdletRunner.Invoke("Get-VppToken", new Parameters().With("StorePath", f.Folder.StorePath)
            .With("StoreConnectionString", "Host=db.invalid;Database=vpp;Password=not-this-one"));

        Assert.Equal("StoreChoiceConflict", result.TerminatingError?.ErrorId);
        Assert.DoesNotContain("not-this-one", string.Concat(ResultTexts.Of(result)));
        Assert.False(File.Exists(f.Folder.StorePath));
    }
}
