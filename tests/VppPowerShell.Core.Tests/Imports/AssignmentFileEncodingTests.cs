using System;
using System.IO;
using System.Linq;
using System.Text;
using VppPowerShell.Core.Imports;
using Xunit;

namespace VppPowerShell.Core.Tests.Imports;

/// <summary>
/// Import files as spreadsheets save them: comma, semicolon or tab separated, in UTF-8 or UTF-16
/// (Excel's "Unicode text" is UTF-16 LE with tabs), written as real files in those encodings.
/// </summary>
public sealed class AssignmentFileEncodingTests : IDisposable
{
    private readonly string folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "vpp-tests", Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("utf-8", true, ',')]
    [InlineData("utf-8", false, ';')]
    [InlineData("utf-8", true, '\t')]
    [InlineData("utf-16LE", true, '\t')]
    [InlineData("utf-16BE", true, '\t')]
    [InlineData("utf-16LE", true, ',')]
    public void Every_row_is_read_whatever_the_separator_and_encoding(string encodingName, bool byteOrderMark, char separator)
    {
        var text = string.Join("\r\n",
            string.Join(separator, "AdamId", "SerialNumber", "ClientUserId", "AssetName"),
            string.Join(separator, "361309726", "AAAA00000001", "", "Pagès"),
            string.Join(separator, "361309726", "", "ann@contoso.com", "Pagès"),
            "");
        var path = Write("Unicode text.txt", text, encodingName, byteOrderMark);

        var rows = AssignmentFile.Read(path, AssignmentFileFormat.Csv).ToList();

        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("361309726", r["AdamId"]));
        Assert.All(rows, r => Assert.Equal("Pagès", r["AssetName"]));
        Assert.Equal("AAAA00000001", rows[0]["SerialNumber"]);
        Assert.Equal("ann@contoso.com", rows[1]["ClientUserId"]);
        Assert.Empty(AssignmentImport.Check(rows, (_, _) => ("App", true)).Errors);
    }

    [Fact]
    public void A_comma_inside_a_tab_separated_cell_is_text()
    {
        var path = Write("tabs.txt", "AdamId\tSerialNumber\tAssetName\r\n361309726\tAAAA00000001\tPages, for iPad\r\n", "utf-16LE", true);

        var row = Assert.Single(AssignmentFile.Read(path, AssignmentFileFormat.Csv));

        Assert.Equal("Pages, for iPad", row["AssetName"]);
    }

    [Theory]
    [InlineData("AdamId|SerialNumber\r\n361309726|AAAA00000001\r\n", "utf-8", true, "AdamId|SerialNumber")]
    [InlineData("AdamId\tSerialNumber\r\n361309726\tAAAA00000001\r\n", "utf-16LE", false, "U+0000")]
    public void A_header_that_does_not_split_into_the_columns_is_reported_with_what_was_seen(string text, string encodingName, bool byteOrderMark, string seen)
    {
        var path = Write("odd.csv", text, encodingName, byteOrderMark);

        var error = Assert.Throws<VppException>(() => AssignmentFile.Read(path, AssignmentFileFormat.Csv).ToList());

        Assert.Equal(VppErrorIds.ImportFileHeaderUnreadable, error.ErrorId);
        Assert.Contains(seen, error.Message);
        Assert.False(error.Message.Contains('\0'), "The message carries a raw NUL.");
    }

    [Fact]
    public void A_cell_with_a_NUL_is_refused_with_its_row_and_column()
    {
        var path = Write("nul.csv", "AdamId,SerialNumber\r\n361309726,AAAA00000001\r\n361309726,AAAA\0000002\r\n", "utf-8", false);

        var check = AssignmentImport.Check(AssignmentFile.Read(path, AssignmentFileFormat.Csv), (_, _) => ("App", true));

        var error = Assert.Single(check.Errors);
        Assert.Equal(VppErrorIds.TextHasControlCharacter, error.ErrorId);
        Assert.Equal(3, error.RowNumber);
        Assert.Contains("column SerialNumber", error.Reason);
        Assert.Single(check.Pairs);
    }

    private string Write(string name, string text, string encodingName, bool byteOrderMark)
    {
        var encoding = encodingName switch
        {
            "utf-8" => (Encoding)new UTF8Encoding(byteOrderMark),
            "utf-16LE" => new UnicodeEncoding(bigEndian: false, byteOrderMark),
            _ => new UnicodeEncoding(bigEndian: true, byteOrderMark),
        };
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray());
        return path;
    }
}
