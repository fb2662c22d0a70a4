using System;
using System.Linq;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Binding;

/// <summary>Objects exported with Export-Csv show their lists as text, never a .NET type name.</summary>
public sealed class CsvFriendlyObjectsTests
{
    [Theory]
    [InlineData("Get-VppAsset")]
    [InlineData("Get-VppLicenseReport")]
    [InlineData("Get-VppGroup")]
    public void ConvertTo_Csv_cells_hold_no_type_names(string command)
    {
        using var fixture = new LicensingFixture();
        fixture.Run("New-VppGroup", new Parameters().With("Name", "Year 7").With("MemberType", "Device").With("Member", new[] { "C02ZX1ABCD12", "DMPXK2EFGH34" })).ShouldSucceed();
        fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("GroupName", "Year 7")).ShouldSucceed();
        fixture.Location.Assign(LicensingFixture.App, serialNumber: "ELSE00000001");
        fixture.Sync();

        var csv = CmdletRunner.Script($"{command} -{fixture.StoreParameter} $store | ConvertTo-Csv -NoTypeInformation", new { store = fixture.StoreAddress });

        csv.ShouldSucceed();
        var lines = csv.Output.Cast<string>().ToList();
        Assert.True(lines.Count > 1);
        Assert.DoesNotContain(lines, l => l.Contains("System.") || l.Contains("VppPowerShell."));
    }

    [Theory, SqliteStore, PostgresStore]
    public void Lists_read_as_their_items_joined(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        fixture.Run("New-VppGroup", new Parameters().With("Name", "Year 7").With("MemberType", "Device").With("Member", new[] { "C02ZX1ABCD12", "DMPXK2EFGH34" })).ShouldSucceed();

        var members = CmdletRunner.Script($"(Get-VppGroup -Name 'Year 7' -{fixture.StoreParameter} $store).Members.ToString()", new { store = fixture.StoreAddress });
        var platforms = CmdletRunner.Script($"(Get-VppAsset -AdamId $app -{fixture.StoreParameter} $store).SupportedPlatforms.ToString()", new { app = LicensingFixture.MacApp, store = fixture.StoreAddress });

        Assert.Equal("C02ZX1ABCD12; DMPXK2EFGH34", Assert.Single(members.Output));
        Assert.Equal("macOS", Assert.Single(platforms.Output));
    }
}
