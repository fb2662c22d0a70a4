using System.Linq;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Sync;
using VppPowerShell.Tests.Binding;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using VppPowerShell.Tests.Tokens;
using Xunit;

namespace VppPowerShell.Tests.Store;

/// <summary>Set-VppStoreKey: every token of a shared store moves to the new key at once, and only the new key opens it.</summary>
[Collection(nameof(DefaultStoreCollection))]
public sealed class StoreKeyRotationTests
{
    [Theory, PostgresStore]
    public void The_new_key_opens_the_store_and_decrypts_its_tokens_and_the_old_one_is_refused(StoreEngine engine)
    {
        using var f = new SharedStoreFixture();
        CmdletRunner.Invoke("Use-VppStore", f.UseParameters(engine)).ShouldSucceed();
        AddToken(f, "Contoso Paris");
        AddToken(f, "Contoso Lyon");

        var rotated = CmdletRunner.Invoke("Set-VppStoreKey", new Parameters().With("NewKeyPath", f.OtherKeyPath).With("Force", true).With("PassThru", true));

        var info = Assert.Single(rotated.ShouldSucceed().OutputOf<StoreInfo>());
        Assert.Contains(f.OtherKeyPath, info.Protection);
        Assert.Empty(rotated.Warnings);
        Assert.Equal(2, CmdletRunner.Invoke("Sync-VppToken", new { PassThru = true }).ShouldSucceed().OutputOf<SyncSummary>().Count());
        Assert.Equal("StoreKeyWrong", CmdletRunner.Invoke("Use-VppStore", f.UseParameters(engine)).TerminatingError?.ErrorId);

        CmdletRunner.Invoke("Use-VppStore", new Parameters().With("ConnectionString", f.ConnectionString).With("KeyPath", f.OtherKeyPath)).ShouldSucceed();
        Assert.Equal(2, CmdletRunner.Invoke("Sync-VppToken", new { PassThru = true }).ShouldSucceed().OutputOf<SyncSummary>().Count());
    }

    [Theory, PostgresStore]
    public void A_key_from_VPP_STORE_KEY_is_rotated_with_a_warning_that_the_variable_still_holds_the_old_one(StoreEngine engine)
    {
        using var f = new SharedStoreFixture();
        System.Environment.SetEnvironmentVariable("VPP_STORE_KEY", TestStores.KeyText);
        var store = f.StoreParameter(engine);
        AddToken(f, "Contoso Paris", store);

        var rotated = CmdletRunner.Invoke("Set-VppStoreKey", new Parameters().With("NewKeyPath", f.OtherKeyPath).With("Force", true).With("StoreConnectionString", f.ConnectionString));

        rotated.ShouldSucceed();
        Assert.Contains(rotated.Warnings, w => w.Contains("VPP_STORE_KEY still holds the old key"));
        Assert.Equal("StoreKeyWrong", CmdletRunner.Invoke("Get-VppToken", store).TerminatingError?.ErrorId);
        System.Environment.SetEnvironmentVariable("VPP_STORE_KEY", SharedStoreFixture.OtherKeyText);
        CmdletRunner.Invoke("Sync-VppToken", store).ShouldSucceed();
    }

    [Theory, PostgresStore]
    public void WhatIf_or_a_key_too_short_changes_nothing(StoreEngine engine)
    {
        using var f = new SharedStoreFixture();
        CmdletRunner.Invoke("Use-VppStore", f.UseParameters(engine)).ShouldSucceed();
        AddToken(f, "Contoso Paris");
        var before = f.Dump();

        var whatIf = CmdletRunner.Invoke("Set-VppStoreKey", new Parameters().With("NewKeyPath", f.OtherKeyPath).With("WhatIf", true));
        var tooShort = CmdletRunner.Invoke("Set-VppStoreKey", new Parameters().With("NewKeyPath", f.Folder.Write("short.key", "only-twenty-characters")).With("Force", true));

        whatIf.ShouldSucceed();
        Assert.Contains(whatIf.ShouldProcessCalls, c => c.Target == f.Shown && c.Action.Contains("the current key stops working"));
        Assert.Equal("StoreKeyInvalid", tooShort.TerminatingError?.ErrorId);
        Assert.Equal(before, f.Dump());
        CmdletRunner.Invoke("Sync-VppToken").ShouldSucceed();
    }

    [Theory, SqliteStore]
    public void An_SQLite_store_is_refused_with_StoreKeyNotApplicable_and_left_as_it_was(StoreEngine engine)
    {
        using var f = new SharedStoreFixture();
        var store = f.StoreParameter(engine);
        AddToken(f, "Contoso Paris", store);
        var before = StoreSnapshot.Of(f.Folder.StorePath);

        var result = CmdletRunner.Invoke("Set-VppStoreKey", new Parameters().With("NewKeyPath", f.OtherKeyPath).With("Force", true).With("StorePath", f.Folder.StorePath));

        Assert.Equal("StoreKeyNotApplicable", result.TerminatingError?.ErrorId);
        Assert.Contains("DPAPI", result.TerminatingError!.Message);
        Assert.Equal(before, StoreSnapshot.Of(f.Folder.StorePath));
    }

    private static void AddToken(SharedStoreFixture f, string name, Parameters? store = null)
    {
        var parameters = TokenCommands.AddParameters(f.Folder, TokenCommands.WriteToken(f.Folder, TestApple.NewLocation()), name).Without("StorePath");
        foreach (var (key, value) in store ?? new Parameters()) parameters[key] = value;
        CmdletRunner.Invoke("Add-VppToken", parameters).ShouldSucceed();
    }
}
