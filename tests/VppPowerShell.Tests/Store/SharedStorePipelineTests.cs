using System.Linq;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Tests.Binding;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using VppPowerShell.Tests.Tokens;
using Xunit;

namespace VppPowerShell.Tests.Store;

/// <summary>Objects written from a store carry it, on both engines: piped on, they act on that store and no other.</summary>
[Collection(nameof(DefaultStoreCollection))]
public sealed class SharedStorePipelineTests
{
    [Theory, SqliteStore, PostgresStore]
    public void Objects_piped_from_a_store_act_on_that_store_and_never_on_the_session_default(StoreEngine engine)
    {
        using var f = new SharedStoreFixture();
        using var session = new TempFolder();
        System.Environment.SetEnvironmentVariable("VPP_STORE_KEY", TestStores.KeyText);
        var store = f.StoreParameter(engine);
        AddToken(f.Folder, store, "Piped Paris");
        AddToken(session, new Parameters().With("StorePath", session.StorePath), "Default Lyon");

        var shown = CmdletRunner.Script("Use-VppStore -Path $default; Get-VppToken @store | ForEach-Object { \"$($_.PSObject.Properties['StorePath'].Value)|$($_.PSObject.Properties['StoreConnectionString'].Value)\" }",
            new { @default = session.StorePath, store = store.ToHashtable() }).ShouldSucceed();
        var removed = CmdletRunner.Script("Get-VppToken @store | Remove-VppToken -Force", new { store = store.ToHashtable() });

        removed.ShouldSucceed();
        Assert.Equal(engine == StoreEngine.Sqlite ? f.Folder.StorePath + "|" : "|" + f.Shown, Assert.Single(shown.Output));
        Assert.Empty(CmdletRunner.Invoke("Get-VppToken", store).ShouldSucceed().OutputOf<VppToken>());
        Assert.Equal("Default Lyon", Assert.Single(CmdletRunner.Invoke("Get-VppToken").ShouldSucceed().OutputOf<VppToken>()).Name);
    }

    [Theory, PostgresStore]
    public void Objects_piped_from_the_session_store_keep_its_credential_and_key(StoreEngine engine)
    {
        using var f = new SharedStoreFixture();
        CmdletRunner.Invoke("Use-VppStore", f.UseParameters(engine).With("Credential", f.LoginCredential())).ShouldSucceed();
        AddToken(f.Folder, new Parameters(), "Contoso Paris");

        var result = CmdletRunner.Script("Get-VppToken | Set-VppToken -NewName 'Contoso Paris 2' -Verbose");

        result.ShouldSucceed();
        Assert.Contains(result.Verbose, v => v.Contains("Username=" + SharedStoreFixture.LoginRole) && v.Contains("(chosen by SessionDefault)"));
        Assert.Equal("Contoso Paris 2", Assert.Single(CmdletRunner.Invoke("Get-VppToken").ShouldSucceed().OutputOf<VppToken>()).Name);
    }

    [Theory, PostgresStore]
    public void Objects_of_a_shared_store_and_an_SQLite_store_in_one_pipeline_are_refused_by_a_command_working_on_the_other(StoreEngine engine)
    {
        using var f = new SharedStoreFixture();
        using var other = new TempFolder();
        System.Environment.SetEnvironmentVariable("VPP_STORE_KEY", TestStores.KeyText);
        var store = f.StoreParameter(engine);
        AddToken(f.Folder, store, "Shared Paris");
        AddToken(other, new Parameters().With("StorePath", other.StorePath), "Local Lyon");

        var result = CmdletRunner.Script("@(Get-VppToken -StorePath $local) + @(Get-VppToken @store) | Remove-VppToken -Force",
            new { local = other.StorePath, store = store.ToHashtable() });

        Assert.Equal("StoreMismatch", Assert.Single(result.Errors).ErrorId);
        Assert.Empty(CmdletRunner.Invoke("Get-VppToken", new Parameters().With("StorePath", other.StorePath)).ShouldSucceed().OutputOf<VppToken>());
        Assert.Single(CmdletRunner.Invoke("Get-VppToken", store).ShouldSucceed().OutputOf<VppToken>());
    }

    private static void AddToken(TempFolder folder, Parameters store, string name)
    {
        var parameters = TokenCommands.AddParameters(folder, TokenCommands.WriteToken(folder, TestApple.NewLocation()), name).Without("StorePath");
        foreach (var (key, value) in store) parameters[key] = value;
        CmdletRunner.Invoke("Add-VppToken", parameters).ShouldSucceed();
    }
}
