using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using VppPowerShell.Core.Imports;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Licensing;
using VppPowerShell.Tests.Tokens;
using Xunit;
using Xunit.Abstractions;

namespace VppPowerShell.Tests.Migration;

public sealed class ImportExportTests : IDisposable
{
    private readonly LicensingFixture source = new(appLicenses: 12000);
    private readonly ITestOutputHelper output;

    public ImportExportTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    public void Dispose() => source.Dispose();

    [Theory]
    [InlineData("assignments.csv")]
    [InlineData("assignments.json")]
    public void Assignments_round_trip_losslessly_through_a_file_onto_another_token(string fileName)
    {
        source.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", new[] { "AAAA00000001", "AAAA00000002" })).ShouldSucceed();
        source.Run("Set-VppAssignment", new Parameters().With("AdamId", new[] { LicensingFixture.App, LicensingFixture.Book }).With("ClientUserId", new[] { "ann@contoso.com", "o'brien, pat" })).ShouldSucceed();
        var path = source.Folder.File(fileName);

        source.Run("Export-VppAssignment", new Parameters().With("Path", path)).ShouldSucceed();
        var exported = Snapshot(source, "Contoso Paris");
        Assert.Equal(6, exported.Count);

        var other = TestApple.NewLocation();
        foreach (var asset in source.Location.Assets) other.AddAsset(asset.AdamId, asset.TotalCount, asset.ProductType, asset.PricingParam, asset.DeviceAssignable, asset.Revocable, asset.SupportedPlatforms);
        CmdletRunner.Invoke("Add-VppToken", TokenCommands.AddParameters(source.Folder, TokenCommands.WriteToken(source.Folder, other), "Other")).ShouldSucceed();
        source.Sync();

        source.Run("Import-VppAssignment", new Parameters().With("Path", path).With("TokenName", "Other")).ShouldSucceed();

        Assert.Equal(exported, Snapshot(source, "Other"));
        Assert.Equal(6, other.AssignmentCount);
        var again = source.Run("Import-VppAssignment", new Parameters().With("Path", path).With("TokenName", "Other").With("PassThru", true)).ShouldSucceed();
        Assert.All(source.Results(again), r => Assert.Equal("Unchanged", r.Status));
    }

    [Fact]
    public void Objects_of_Get_VppAssignment_go_through_Export_Csv_and_Import_Csv_into_Set_VppAssignment()
    {
        source.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", new[] { "AAAA00000001", "AAAA00000002" })).ShouldSucceed();
        var assignments = source.Run("Get-VppAssignment", new Parameters()).OutputOf<VppAssignment>().ToList();
        source.Run("Remove-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", new[] { "AAAA00000001", "AAAA00000002" }).With("Force", true)).ShouldSucceed();
        Assert.Equal(0, source.Location.AssignmentCount);

        // What Import-Csv gives back for Export-Csv of those objects: every property as a string.
        var rows = assignments.Select(a => (object?)typeof(VppAssignment).GetProperties().ToDictionary(p => p.Name, p => (object?)p.GetValue(a)?.ToString())).ToList();
        source.Run("Set-VppAssignment", new Parameters(), rows).ShouldSucceed();

        Assert.Equal(2, source.Location.AssignmentCount);
    }

    [Fact]
    public void Ten_thousand_rows_with_a_hundred_bad_ones_assign_the_good_and_report_each_bad_row()
    {
        var lines = new List<string> { "AdamId,PricingParam,LicenseType,SerialNumber,ClientUserId,Room" };
        var expectedBad = new Dictionary<int, string>();
        var good = 0;
        var random = new Random(5);
        for (var i = 0; lines.Count <= 10000; i++)
        {
            var row = lines.Count + 1;
            var kind = lines.Count % 100 == 50 ? (lines.Count / 100) % 5 : -1;
            switch (kind)
            {
                case 0:
                    lines.Add($"{LicensingFixture.App},STDQ,Device,bad serial {i},,B1");
                    expectedBad[row] = "InvalidTarget";
                    break;
                case 1:
                    lines.Add($"123456789,STDQ,Device,UNKN{i:D8},,B1");
                    expectedBad[row] = "AssetNotInToken";
                    break;
                case 2:
                    lines.Add($"{LicensingFixture.App},STDQ,Device,DEV{(i - 1):D8},,B1");
                    expectedBad[row] = "DuplicateRow";
                    break;
                case 3:
                    lines.Add($"{LicensingFixture.App},STDQ,Device,,,B1");
                    expectedBad[row] = "MissingValue";
                    break;
                case 4:
                    lines.Add($"{LicensingFixture.Book},STDQ,Device,BOOK{i:D8},,B1");
                    expectedBad[row] = "BookToDevice";
                    break;
                default:
                    lines.Add($"{LicensingFixture.App},STDQ,Device,DEV{i:D8},,B{random.Next(9)}");
                    good++;
                    break;
            }
        }

        var path = source.Folder.Write("from-old-mdm.csv", string.Join("\r\n", lines));
        Assert.Equal(100, expectedBad.Count);
        Assert.Equal(9900, good);
        var watch = Stopwatch.StartNew();

        var result = source.Run("Import-VppAssignment", new Parameters().With("Path", path));

        output.WriteLine($"Import of 10,000 rows: {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.Null(result.TerminatingError);
        Assert.Equal(9900, source.Location.AssignmentCount);
        var reported = result.Errors.Select(e => Assert.IsType<ImportRowError>(e.Target)).ToDictionary(e => e.RowNumber, e => e.ErrorId);
        Assert.Equal(expectedBad.OrderBy(e => e.Key), reported.OrderBy(e => e.Key));
        Assert.All(result.Errors, e => Assert.StartsWith($"Row {((ImportRowError)e.Target!).RowNumber}: ", e.Message));
        var job = source.Run("Get-VppJob", new Parameters()).OutputOf<VppJob>().Single();
        Assert.Equal(9900, job.Assigned);
        Assert.Equal(VppJobState.Completed, job.State);
    }

    [Fact]
    public void A_row_Apple_refuses_is_reported_with_its_row_number()
    {
        using var small = new LicensingFixture(appLicenses: 2);
        var path = small.Folder.Write("three.csv", $"AdamId,SerialNumber\n{LicensingFixture.App},AAAA00000001\n{LicensingFixture.App},AAAA00000002\n{LicensingFixture.App},AAAA00000003\n");

        var result = small.Run("Import-VppAssignment", new Parameters().With("Path", path));

        var error = Assert.Single(result.Errors);
        Assert.Equal("NoLicenseAvailable", error.ErrorId);
        Assert.StartsWith("Row 4: ", error.Message);
    }

    private List<string> Snapshot(LicensingFixture fixture, string tokenName) =>
        fixture.Run("Get-VppAssignment", new Parameters().With("TokenName", tokenName)).OutputOf<VppAssignment>()
            .Select(a => $"{a.AdamId}|{a.PricingParam}|{a.LicenseType}|{a.SerialNumber}|{a.ClientUserId}").OrderBy(x => x, StringComparer.Ordinal).ToList();
}
