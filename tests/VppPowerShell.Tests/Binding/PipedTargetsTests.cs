using System;
using System.IO;
using System.Linq;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Licensing;
using Xunit;

namespace VppPowerShell.Tests.Binding;

/// <summary>
/// Destructive commands fed by pipelines, through PowerShell's own binder: they act on exactly the
/// rows' targets (R-R1), never on whole assets, and empty CSV cells are not given.
/// </summary>
public sealed class PipedTargetsTests : IDisposable
{
    private const string Numbers = "361309727";
    private const string Keynote = "361309728";
    private static readonly string[] Apps = { LicensingFixture.App, Numbers, Keynote };
    private readonly LicensingFixture fixture = new();

    public PipedTargetsTests()
    {
        fixture.Location.AddAsset(Numbers, 100, name: "Numbers");
        fixture.Location.AddAsset(Keynote, 100, name: "Keynote for iPad");
        foreach (var serial in Serials)
        {
            foreach (var app in Apps) fixture.Location.Assign(app, serialNumber: serial);
        }

        fixture.Sync();
    }

    private static string[] Serials { get; } = LicensingFixture.Serials(20, "DEV").ToArray();

    private string Store => fixture.Folder.StorePath;

    public void Dispose() => fixture.Dispose();

    [Fact]
    public void Get_VppAssignment_of_one_device_piped_to_Revoke_revokes_its_3_licenses_and_nothing_else()
    {
        Assert.Equal(60, fixture.Location.AssignmentCount);

        var result = CmdletRunner.Script(
            "Get-VppAssignment -SerialNumber $serial -StorePath $store | Revoke-VppLicense -Force -PassThru -StorePath $store",
            new { serial = Serials[6], store = Store });

        result.ShouldSucceed();
        Assert.Equal(3, result.OutputOf<VppTargetResult>().Count(r => r.Status == "Removed"));
        Assert.Equal(57, fixture.Location.AssignmentCount);
        Assert.All(Apps, app => Assert.False(fixture.Location.HasAssignment(app, serialNumber: Serials[6])));
        Assert.All(Apps, app => Assert.True(fixture.Location.HasAssignment(app, serialNumber: Serials[7])));
    }

    [Fact]
    public void Rows_of_an_Export_Csv_file_revoke_exactly_those_3_licenses()
    {
        var csv = fixture.Folder.File("three.csv");
        CmdletRunner.Script(
            "Get-VppAssignment -StorePath $store | Where-Object { $_.SerialNumber -in $serials -and $_.AdamId -eq $app } | Export-Csv -LiteralPath $csv -NoTypeInformation",
            new { store = Store, serials = Serials.Take(3).ToArray(), app = Numbers, csv }).ShouldSucceed();
        Assert.Equal(4, File.ReadAllLines(csv).Length);

        CmdletRunner.Script("Import-Csv -LiteralPath $csv | Revoke-VppLicense -Force -StorePath $store", new { csv, store = Store }).ShouldSucceed();

        Assert.Equal(57, fixture.Location.AssignmentCount);
        Assert.All(Serials.Take(3), s => Assert.False(fixture.Location.HasAssignment(Numbers, serialNumber: s)));
        Assert.All(Serials.Take(3), s => Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: s)));
        Assert.True(fixture.Location.HasAssignment(Numbers, serialNumber: Serials[3]));
    }

    [Fact]
    public void Rows_of_an_Export_VppAssignment_file_revoke_exactly_their_licenses()
    {
        var exported = fixture.Folder.File("paris.csv");
        fixture.Run("Export-VppAssignment", new Parameters().With("Path", exported).With("AdamId", Keynote)).ShouldSucceed();
        var rows = File.ReadAllLines(exported).Skip(1).Take(3).ToList();
        var three = fixture.Folder.Write("three-keynote.csv", File.ReadAllLines(exported)[0] + Environment.NewLine + string.Join(Environment.NewLine, rows));

        CmdletRunner.Script("Import-Csv -LiteralPath $csv | Revoke-VppLicense -Force -StorePath $store", new { csv = three, store = Store }).ShouldSucceed();

        Assert.Equal(57, fixture.Location.AssignmentCount);
        Assert.Equal(17, Serials.Count(s => fixture.Location.HasAssignment(Keynote, serialNumber: s)));
    }

    [Fact]
    public void Get_VppAssignment_rows_piped_to_Remove_VppAssignment_reclaim_exactly_those_rows()
    {
        var result = CmdletRunner.Script(
            "Get-VppAssignment -AdamId $app -StorePath $store | Select-Object -First 3 | Remove-VppAssignment -Force -StorePath $store",
            new { app = Numbers, store = Store });

        result.ShouldSucceed();
        Assert.Equal(57, fixture.Location.AssignmentCount);
        Assert.Equal(17, Serials.Count(s => fixture.Location.HasAssignment(Numbers, serialNumber: s)));
        Assert.All(Serials, s => Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: s)));
    }

    [Fact]
    public void Intune_devices_from_Microsoft_Graph_assign_and_revoke_exactly_their_serial_numbers()
    {
        // Shaped like Get-MgDeviceManagementManagedDevice output: many properties, SerialNumber among them.
        const string graphDevices = """
            $devices = foreach ($serial in 'GRAPH0000001', 'GRAPH0000002') {
                [pscustomobject]@{
                    Id = [guid]::NewGuid().ToString(); DeviceName = "iPad $serial"; SerialNumber = $serial
                    UserPrincipalName = 'ann@contoso.com'; UserId = [guid]::NewGuid().ToString(); EmailAddress = 'ann@contoso.com'
                    OperatingSystem = 'iPadOS'; OSVersion = '18.1'; Model = 'iPad (10th generation)'; Manufacturer = 'Apple'
                    ManagedDeviceOwnerType = 'company'; ComplianceState = 'compliant'; AzureAdDeviceId = [guid]::NewGuid().ToString()
                    EnrolledDateTime = [datetime]'2026-09-01'; LastSyncDateTime = [datetime]'2026-11-30'
                }
            }
            """;
        CmdletRunner.Script(graphDevices + "$devices | Set-VppAssignment -AdamId $app -StorePath $store", new { app = Numbers, store = Store }).ShouldSucceed();

        Assert.True(fixture.Location.HasAssignment(Numbers, serialNumber: "GRAPH0000001"));
        Assert.True(fixture.Location.HasAssignment(Numbers, serialNumber: "GRAPH0000002"));
        Assert.False(fixture.Location.HasAssignment(Numbers, clientUserId: "ann@contoso.com"));
        Assert.Equal(62, fixture.Location.AssignmentCount);

        CmdletRunner.Script(graphDevices + "$devices | Revoke-VppLicense -Force -StorePath $store", new { store = Store }).ShouldSucceed();

        Assert.Equal(60, fixture.Location.AssignmentCount);
        Assert.All(Serials, s => Assert.True(fixture.Location.HasAssignment(Numbers, serialNumber: s)));
    }

    [Fact]
    public void A_leavers_list_of_serial_numbers_revokes_every_license_of_those_devices()
    {
        var leavers = fixture.Folder.Write("leavers.csv", "SerialNumber,Reason\n" + Serials[0] + ",stolen\n" + Serials[1] + ",broken\n");

        CmdletRunner.Script("Import-Csv -LiteralPath $csv | Revoke-VppLicense -Force -StorePath $store", new { csv = leavers, store = Store }).ShouldSucceed();

        Assert.Equal(54, fixture.Location.AssignmentCount);
    }

    [Fact]
    public void AdamId_alone_revokes_nothing_and_says_to_add_All()
    {
        var result = fixture.Run("Revoke-VppLicense", new Parameters().With("AdamId", Numbers).With("Force", true));

        Assert.Equal("AssetRevokeNeedsAll", result.TerminatingError?.ErrorId);
        Assert.Contains("-All", result.TerminatingError!.RecommendedAction);
        Assert.Equal(60, fixture.Location.AssignmentCount);
    }

    [Fact]
    public void AdamId_with_All_revokes_every_license_of_the_asset_and_says_so_in_the_plan()
    {
        var plan = fixture.Run("Revoke-VppLicense", new Parameters().With("AdamId", Numbers).With("All", true).With("WhatIf", true));
        Assert.Contains("from every holder", Assert.Single(plan.ShouldProcessCalls).Action);
        Assert.Equal(60, fixture.Location.AssignmentCount);

        fixture.Run("Revoke-VppLicense", new Parameters().With("AdamId", Numbers).With("All", true).With("Force", true)).ShouldSucceed();

        Assert.Equal(40, fixture.Location.AssignmentCount);
        Assert.DoesNotContain(Serials, s => fixture.Location.HasAssignment(Numbers, serialNumber: s));
    }

    [Fact]
    public void Empty_cells_are_not_given_when_assigning_and_revoking()
    {
        var csv = fixture.Folder.Write("mixed.csv",
            "AdamId,SerialNumber,ClientUserId\n" +
            $"{LicensingFixture.App},NEW000000001,\n" +
            $"{LicensingFixture.App},,ann@contoso.com\n" +
            $"{LicensingFixture.App},NEW000000002,\n");

        var assigned = CmdletRunner.Script("Import-Csv -LiteralPath $csv | Set-VppAssignment -StorePath $store", new { csv, store = Store });

        assigned.ShouldSucceed();
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "NEW000000001"));
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "NEW000000002"));
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, clientUserId: "ann@contoso.com"));

        var revoked = CmdletRunner.Script("Import-Csv -LiteralPath $csv | Revoke-VppLicense -Force -StorePath $store", new { csv, store = Store });

        revoked.ShouldSucceed();
        Assert.False(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "NEW000000001"));
        Assert.False(fixture.Location.HasAssignment(LicensingFixture.App, clientUserId: "ann@contoso.com"));
        Assert.Equal(60, fixture.Location.AssignmentCount);
    }

    [Fact]
    public void Get_VppAssignment_reads_back_an_Export_VppAssignment_file_whose_ClientUserId_cells_are_empty()
    {
        var exported = fixture.Folder.File("paris.csv");
        fixture.Run("Export-VppAssignment", new Parameters().With("Path", exported).With("AdamId", Keynote)).ShouldSucceed();
        var blankRow = fixture.Folder.Write("blank.csv", "AdamId,SerialNumber,ClientUserId\n" + Keynote + ",,\n");

        var read = CmdletRunner.Script("Import-Csv -LiteralPath $csv | Get-VppAssignment -StorePath $store", new { csv = exported, store = Store });
        var none = CmdletRunner.Script("Import-Csv -LiteralPath $csv | Get-VppAssignment -StorePath $store", new { csv = blankRow, store = Store });

        read.ShouldSucceed();
        Assert.Equal(20, read.OutputOf<VppAssignment>().Count());
        Assert.All(read.OutputOf<VppAssignment>(), a => Assert.Equal(Keynote, a.AdamId));
        none.ShouldSucceed();
        Assert.Empty(none.Output);
    }

    [Fact]
    public void Set_VppDevice_reads_yes_no_text_from_a_CSV_and_an_empty_cell_leaves_the_fact_unknown()
    {
        var csv = fixture.Folder.Write("devices.csv",
            "SerialNumber,Platform,Supervised,Kiosk\n" +
            "CSV000000001,iOS,True,0\n" +
            "CSV000000002,iOS,false,1\n" +
            "CSV000000003,iOS,,\n");

        CmdletRunner.Script("Import-Csv -LiteralPath $csv | Set-VppDevice -StorePath $store", new { csv, store = Store }).ShouldSucceed();

        var devices = fixture.Run("Get-VppDevice", new Parameters()).OutputOf<VppDevice>().ToDictionary(d => d.SerialNumber);
        Assert.Equal((true, false), (devices["CSV000000001"].Supervised, devices["CSV000000001"].Kiosk));
        Assert.Equal((false, true), (devices["CSV000000002"].Supervised, devices["CSV000000002"].Kiosk));
        Assert.Equal(((bool?)null, (bool?)null), (devices["CSV000000003"].Supervised, devices["CSV000000003"].Kiosk));
    }

    [Fact]
    public void Set_VppDevice_refuses_text_that_is_not_yes_or_no_and_stores_nothing_for_that_row()
    {
        var csv = fixture.Folder.Write("devices.csv", "SerialNumber,Supervised\nCSV000000009,maybe\n");

        var result = CmdletRunner.Script("Import-Csv -LiteralPath $csv | Set-VppDevice -StorePath $store", new { csv, store = Store });

        var error = Assert.Single(result.AllErrors);
        Assert.Contains("'maybe' is not a yes/no value", error.Message);
        Assert.DoesNotContain(fixture.Run("Get-VppDevice", new Parameters()).OutputOf<VppDevice>(), d => d.SerialNumber == "CSV000000009");
    }
}
