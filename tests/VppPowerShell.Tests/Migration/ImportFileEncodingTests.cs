using System.IO;
using System.Linq;
using System.Text;
using VppPowerShell.Core;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Licensing;
using Xunit;

namespace VppPowerShell.Tests.Migration;

/// <summary>Import-VppAssignment with files as Excel saves them, written in their real encodings.</summary>
public sealed class ImportFileEncodingTests
{
    [Fact]
    public void An_Excel_Unicode_text_file_UTF_16_with_tabs_assigns_every_row()
    {
        using var fixture = new LicensingFixture();
        var path = fixture.Folder.File("from Excel.txt");
        File.WriteAllText(path, "AdamId\tSerialNumber\tAssetName\r\n"
            + $"{LicensingFixture.App}\tAAAA00000001\tPages, for iPad\r\n"
            + $"{LicensingFixture.App}\tAAAA00000002\tPages, for iPad\r\n", new UnicodeEncoding(bigEndian: false, byteOrderMark: true));

        fixture.Run("Import-VppAssignment", new Parameters().With("Path", path)).ShouldSucceed();

        Assert.Equal(2, fixture.Location.AssignmentCount);
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "AAAA00000002"));
    }

    [Fact]
    public void A_header_that_does_not_split_is_one_error_naming_what_was_seen_and_nothing_is_sent()
    {
        using var fixture = new LicensingFixture();
        var path = fixture.Folder.File("pipes.csv");
        File.WriteAllText(path, $"AdamId|SerialNumber\r\n{LicensingFixture.App}|AAAA00000001\r\n", new UTF8Encoding(true));

        var result = fixture.Run("Import-VppAssignment", new Parameters().With("Path", path));

        var error = Assert.Single(result.AllErrors);
        Assert.Equal(VppErrorIds.ImportFileHeaderUnreadable, error.ErrorId);
        Assert.Contains("\"AdamId|SerialNumber\"", error.Message);
        Assert.DoesNotContain(result.AllErrors, e => e.Message.Contains("no AdamId"));
        Assert.Equal(0, fixture.Location.AssignmentCount);
    }
}
