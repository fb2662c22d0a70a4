using System;
using System.Linq;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Licensing;
using VppPowerShell.Tests.Tokens;
using Xunit;

namespace VppPowerShell.Tests.Binding;

/// <summary>
/// Piped rows stay within what they name: their asset under -All, their own store, and the token
/// the admin typed; a row that does not fit is refused, never applied elsewhere.
/// </summary>
public sealed class PipelineScopeTests : IDisposable
{
    private const string Numbers = "361309727";
    private readonly LicensingFixture paris = new();
    private readonly LicensingFixture other = new();

    public PipelineScopeTests()
    {
        foreach (var fixture in new[] { paris, other })
        {
            fixture.Location.AddAsset(Numbers, 10, name: "Numbers");
            fixture.Location.Assign(LicensingFixture.App, serialNumber: "C02ZX1ABCD12");
            fixture.Location.Assign(Numbers, serialNumber: "C02ZX1ABCD12");
            fixture.Location.Assign(Numbers, serialNumber: "DMPXK2EFGH34");
            fixture.Sync();
        }
    }

    public void Dispose()
    {
        paris.Dispose();
        other.Dispose();
    }

    [Fact]
    public void Assets_piped_into_Revoke_with_All_revoke_those_assets_only_never_the_whole_token()
    {
        var result = CmdletRunner.Script("Get-VppAsset -AdamId $app -StorePath $store | Revoke-VppLicense -All -Force -StorePath $store",
            new { app = Numbers, store = paris.Folder.StorePath });

        result.ShouldSucceed();
        Assert.False(paris.Location.HasAssignment(Numbers, serialNumber: "C02ZX1ABCD12"));
        Assert.False(paris.Location.HasAssignment(Numbers, serialNumber: "DMPXK2EFGH34"));
        Assert.True(paris.Location.HasAssignment(LicensingFixture.App, serialNumber: "C02ZX1ABCD12"));
    }

    [Fact]
    public void Rows_of_two_stores_piped_into_a_collecting_command_act_on_the_first_store_only()
    {
        var result = CmdletRunner.Script(
            "@(Get-VppAssignment -AdamId $app -SerialNumber C02ZX1ABCD12 -StorePath $a) + @(Get-VppAssignment -AdamId $app -SerialNumber DMPXK2EFGH34 -StorePath $b) | Remove-VppAssignment -Force",
            new { app = Numbers, a = paris.Folder.StorePath, b = other.Folder.StorePath });

        Assert.Equal("StoreMismatch", Assert.Single(result.AllErrors).ErrorId);
        Assert.False(paris.Location.HasAssignment(Numbers, serialNumber: "C02ZX1ABCD12"));
        Assert.True(paris.Location.HasAssignment(Numbers, serialNumber: "DMPXK2EFGH34"));
        Assert.True(other.Location.HasAssignment(Numbers, serialNumber: "DMPXK2EFGH34"));
        Assert.True(other.Location.HasAssignment(Numbers, serialNumber: "C02ZX1ABCD12"));
    }

    [Fact]
    public void A_row_of_another_token_than_the_TokenName_typed_is_refused_and_changes_nothing()
    {
        var lyon = TestApple.NewLocation();
        lyon.AddAsset(Numbers, 10, name: "Numbers");
        lyon.Assign(Numbers, serialNumber: "LYON00000001");
        TokenCommands.Add(paris.Folder, lyon, "Contoso Lyon").ShouldSucceed();
        paris.Sync();

        var result = CmdletRunner.Script(
            "Get-VppAssignment -TokenName 'Contoso Lyon' -StorePath $store | Revoke-VppLicense -TokenName 'Contoso Paris' -Force -StorePath $store",
            new { store = paris.Folder.StorePath });

        Assert.Equal("TokenMismatch", Assert.Single(result.AllErrors).ErrorId);
        Assert.True(lyon.HasAssignment(Numbers, serialNumber: "LYON00000001"));
        Assert.Equal(3, paris.Location.AssignmentCount);
    }

    [Fact]
    public void A_piped_license_held_under_PLUS_is_revoked_whichever_pricing_the_asset_also_has()
    {
        paris.Location.AddAsset(Numbers, 5, pricingParam: "PLUS", name: "Numbers");
        paris.Location.Assign(Numbers, serialNumber: "PLUS00000001", pricingParam: "PLUS");
        paris.Sync();

        var result = CmdletRunner.Script("Get-VppAssignment -SerialNumber PLUS00000001 -StorePath $store | Revoke-VppLicense -Force -StorePath $store",
            new { store = paris.Folder.StorePath });

        result.ShouldSucceed();
        Assert.False(paris.Location.HasAssignment(Numbers, serialNumber: "PLUS00000001", pricingParam: "PLUS"));
        Assert.Equal(3, paris.Location.AssignmentCount);
    }
}
