using System;
using System.IO;
using System.Linq;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Licensing;
using VppPowerShell.Tests.Tokens;
using Xunit;

namespace VppPowerShell.Tests.Binding;

/// <summary>
/// A token filter that matches nothing reports it and reads nothing: it never widens to every
/// token, and a pipeline fed by it changes nothing.
/// </summary>
public sealed class UnknownTokenFilterTests : IDisposable
{
    private readonly LicensingFixture fixture = new();

    public UnknownTokenFilterTests()
    {
        var lyon = TestApple.NewLocation();
        lyon.AddAsset(LicensingFixture.App, 10, name: "Pages");
        lyon.Assign(LicensingFixture.App, serialNumber: "LYON00000001");
        TokenCommands.Add(fixture.Folder, lyon, "Contoso Lyon").ShouldSucceed();
        fixture.Location.Assign(LicensingFixture.App, serialNumber: "PARIS0000001");
        fixture.Location.AddUser("ann@contoso.com");
        fixture.Sync();
    }

    public void Dispose() => fixture.Dispose();

    public static TheoryData<string, string, object> Readers => new()
    {
        { "Get-VppAssignment", "TokenName", "Contoso Nowhere" },
        { "Get-VppAssignment", "TokenId", 99 },
        { "Get-VppAsset", "TokenName", "Contoso Nowhere" },
        { "Get-VppAsset", "TokenId", 99 },
        { "Get-VppUser", "TokenName", "Contoso Nowhere" },
        { "Get-VppLicenseReport", "TokenName", "Contoso Nowhere" },
        { "Get-VppLicenseReport", "TokenId", 99 },
    };

    [Theory]
    [MemberData(nameof(Readers))]
    public void A_reader_given_an_unknown_token_reports_it_and_returns_nothing(string command, string filter, object value)
    {
        Assert.NotEmpty(fixture.Run(command, new Parameters().With("TokenName", "Contoso*")).Output);

        var result = fixture.Run(command, new Parameters().With(filter, value));

        Assert.Equal("TokenNotFound", Assert.Single(result.AllErrors).ErrorId);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Export_VppAssignment_for_an_unknown_token_writes_no_row()
    {
        var path = fixture.Folder.File("nowhere.csv");

        var result = fixture.Run("Export-VppAssignment", new Parameters().With("Path", path).With("TokenName", "Contoso Nowhere"));

        Assert.Equal("TokenNotFound", Assert.Single(result.AllErrors).ErrorId);
        Assert.True(!File.Exists(path) || File.ReadAllLines(path).Length <= 1, "Rows of other tokens were exported.");
    }

    [Fact]
    public void A_revoke_fed_by_an_unknown_token_filter_changes_nothing()
    {
        var result = CmdletRunner.Script(
            "Get-VppAssignment -TokenName 'Contoso Nowhere' -StorePath $store | Revoke-VppLicense -Force -StorePath $store",
            new { store = fixture.Folder.StorePath });

        Assert.Equal("TokenNotFound", Assert.Single(result.AllErrors).ErrorId);
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "PARIS0000001"));
        Assert.Equal(1, fixture.Location.AssignmentCount);
    }
}
