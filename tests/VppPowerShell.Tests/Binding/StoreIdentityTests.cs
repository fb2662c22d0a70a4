using System;
using System.Linq;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Session;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using VppPowerShell.Tests.Tokens;
using Xunit;

namespace VppPowerShell.Tests.Binding;

/// <summary>The session default store and the module clock are process-wide: tests that set them run alone.</summary>
[CollectionDefinition(nameof(DefaultStoreCollection), DisableParallelization = true)]
public sealed class DefaultStoreCollection
{
}

/// <summary>Objects piped from one store act on that store, never on the session's default one.</summary>
[Collection(nameof(DefaultStoreCollection))]
public sealed class StoreIdentityTests : IDisposable
{
    private readonly TempFolder defaultFolder = new();
    private readonly TempFolder otherFolder = new();

    public StoreIdentityTests()
    {
        TokenCommands.Add(defaultFolder, TestApple.NewLocation(), "Default Paris").ShouldSucceed();
        TokenCommands.Add(otherFolder, TestApple.NewLocation(), "Other Lyon").ShouldSucceed();
    }

    public void Dispose()
    {
        SessionStore.DefaultPath = null;
        defaultFolder.Dispose();
        otherFolder.Dispose();
    }

    [Fact]
    public void Get_VppToken_of_another_store_piped_to_Remove_VppToken_removes_it_there_and_leaves_the_default_store_alone()
    {
        var result = CmdletRunner.Script(
            "Use-VppStore -Path $default; Get-VppToken -StorePath $other | Remove-VppToken -Force",
            new { @default = defaultFolder.StorePath, other = otherFolder.StorePath });

        result.ShouldSucceed();
        Assert.Empty(TokenCommands.Get(otherFolder).OutputOf<VppToken>());
        Assert.Equal("Default Paris", Assert.Single(TokenCommands.Get(defaultFolder).OutputOf<VppToken>()).Name);
    }

    [Fact]
    public void Every_object_written_from_a_store_carries_its_StorePath()
    {
        var result = CmdletRunner.Script("Get-VppToken -StorePath $other | Select-Object -ExpandProperty StorePath", new { other = otherFolder.StorePath });

        Assert.Equal(otherFolder.StorePath, Assert.Single(result.Output));
    }

    [Fact]
    public void Objects_of_two_stores_in_one_pipeline_are_each_refused_by_a_command_working_on_the_other()
    {
        var result = CmdletRunner.Script(
            "@(Get-VppToken -StorePath $default) + @(Get-VppToken -StorePath $other) | Remove-VppToken -Force",
            new { @default = defaultFolder.StorePath, other = otherFolder.StorePath });

        Assert.Equal("StoreMismatch", Assert.Single(result.Errors).ErrorId);
        Assert.Empty(TokenCommands.Get(defaultFolder).OutputOf<VppToken>());
        Assert.Single(TokenCommands.Get(otherFolder).OutputOf<VppToken>());
    }

    [Fact]
    public void A_piped_StorePath_that_does_not_exist_here_is_refused_and_creates_nothing()
    {
        var missing = otherFolder.File("elsewhere.db");
        var row = CmdletRunner.Row(new System.Collections.Generic.Dictionary<string, object?> { ["TokenId"] = "1", ["StorePath"] = missing });

        var result = CmdletRunner.Invoke("Remove-VppToken", new Parameters().With("Force", true), new object?[] { row });

        Assert.Equal("StoreNotFound", Assert.Single(result.Errors).ErrorId);
        Assert.False(System.IO.File.Exists(missing));
    }
}
