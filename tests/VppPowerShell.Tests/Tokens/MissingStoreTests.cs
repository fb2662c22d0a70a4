using System;
using System.IO;
using VppPowerShell.Core.Store;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Tokens;

/// <summary>A mistyped -StorePath is said, and creates nothing: only commands that add something create a store.</summary>
public sealed class MissingStoreTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    public static TheoryData<string> ReadersAndChangers => new()
    {
        "Get-VppToken", "Get-VppAsset", "Get-VppAssignment", "Get-VppUser", "Get-VppJob", "Get-VppGroup", "Get-VppDevice",
        "Get-VppLicenseReport", "Sync-VppToken",
    };

    [Theory]
    [MemberData(nameof(ReadersAndChangers))]
    public void A_command_that_adds_nothing_says_the_store_is_missing_and_creates_nothing(string command)
    {
        var typo = folder.File("contso.db");

        var result = CmdletRunner.Invoke(command, new Parameters().With("StorePath", typo));

        var error = Assert.Single(result.AllErrors);
        Assert.Equal("StoreNotFound", error.ErrorId);
        Assert.Contains(typo, error.Message);
        Assert.Empty(result.Output);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Test_VppToken_answers_false_for_a_missing_store_without_creating_it()
    {
        var typo = folder.File("contso.db");

        var result = CmdletRunner.Invoke("Test-VppToken", new Parameters().With("Name", "Contoso Paris").With("StorePath", typo));

        Assert.Equal("StoreNotFound", Assert.Single(result.AllErrors).ErrorId);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Get_VppStore_says_where_the_store_would_be_and_creates_nothing()
    {
        var typo = folder.File("contso.db");

        var info = Assert.IsType<StoreInfo>(Assert.Single(CmdletRunner.Invoke("Get-VppStore", new Parameters().With("StorePath", typo)).ShouldSucceed().Output));

        Assert.Equal((typo, StoreLocationSource.Parameter, 0), (info.StorePath, info.Source, info.TokenCount));
        Assert.Contains("no store here yet", info.Protection);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Commands_that_add_something_create_the_store()
    {
        CmdletRunner.Invoke("New-VppGroup", new Parameters().With("Name", "Year 7").With("MemberType", "Device").With("StorePath", folder.StorePath)).ShouldSucceed();

        Assert.True(File.Exists(folder.StorePath));
    }
}
