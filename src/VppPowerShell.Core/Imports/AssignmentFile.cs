using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Core.Text;

namespace VppPowerShell.Core.Imports;

/// <summary>
/// The export file of assignments, CSV or JSON, with the same columns either way:
/// TokenId, TokenName, AdamId, PricingParam, AssetName, LicenseType (Device or User), SerialNumber,
/// ClientUserId. Import needs AdamId and SerialNumber or ClientUserId; the others are optional
/// (PricingParam defaults to STDQ, LicenseType to Device for a serial number and User for a user).
/// The names are the properties of Get-VppAssignment's objects, so Export-Csv and Import-Csv files
/// read and write the same way.
/// </summary>
public static class AssignmentFile
{
    public static readonly string[] Columns = { "TokenId", "TokenName", "AdamId", "PricingParam", "AssetName", "LicenseType", "SerialNumber", "ClientUserId" };

    public static AssignmentFileFormat FormatOf(string path, AssignmentFileFormat? format) =>
        format ?? (string.Equals(Path.GetExtension(path), ".json", StringComparison.OrdinalIgnoreCase) ? AssignmentFileFormat.Json : AssignmentFileFormat.Csv);

    public static int Write(string path, IEnumerable<VppAssignment> assignments, AssignmentFileFormat format)
    {
        var count = 0;
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        if (format == AssignmentFileFormat.Csv)
        {
            Csv.WriteRecord(writer, Columns);
            foreach (var a in assignments)
            {
                Csv.WriteRecord(writer, Values(a));
                count++;
            }

            return count;
        }

        using var json = new Utf8JsonWriter(writer.BaseStream, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        foreach (var a in assignments)
        {
            json.WriteStartObject();
            var values = Values(a).ToList();
            for (var i = 0; i < Columns.Length; i++)
            {
                if (values[i] is null) json.WriteNull(Columns[i]);
                else json.WriteString(Columns[i], values[i]);
            }

            json.WriteEndObject();
            count++;
        }

        json.WriteEndArray();
        json.Flush();
        return count;
    }

    /// <summary>Reads every row with its number (the header is row 1 in CSV; the first object is row 1 in JSON).</summary>
    public static IEnumerable<ImportRow> Read(string path, AssignmentFileFormat format)
    {
        if (!File.Exists(path))
        {
            throw new VppException(VppErrorIds.ImportFileNotFound, VppErrorCategory.ObjectNotFound, $"The file {path} does not exist.", path, "Check the path.");
        }

        return format == AssignmentFileFormat.Csv ? ReadCsv(path) : ReadJson(path);
    }

    private static IEnumerable<ImportRow> ReadCsv(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, true);
        string[]? header = null;
        foreach (var (line, fields) in Csv.Read(reader))
        {
            if (header is null)
            {
                header = fields.Select(f => f.Trim()).ToArray();
                if (!header.Any(h => Columns.Contains(h, StringComparer.OrdinalIgnoreCase))) throw HeaderUnreadable(path, header);
                continue;
            }

            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Length; i++)
            {
                var field = i < fields.Count ? fields[i].Trim() : null;
                values[header[i]] = string.IsNullOrEmpty(field) ? null : field;
            }

            yield return new ImportRow(line, values);
        }

        if (header is null)
        {
            throw new VppException(VppErrorIds.ImportFileEmpty, VppErrorCategory.InvalidData, $"The file {path} is empty: it has no header row.", path,
                $"The first row names the columns: {string.Join(",", Columns)}.");
        }
    }

    /// <summary>A first row in which no expected column was found: what was seen, control characters shown as U+XXXX.</summary>
    private static VppException HeaderUnreadable(string path, string[] header)
    {
        var seen = string.Join(" | ", header);
        var shown = new StringBuilder();
        foreach (var c in seen.Length > 200 ? seen.Substring(0, 200) + "..." : seen)
        {
            if (c < ' ') shown.Append("U+").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            else shown.Append(c);
        }

        return new VppException(VppErrorIds.ImportFileHeaderUnreadable, VppErrorCategory.InvalidData,
            $"The first row of {path} did not split into the expected columns: it read as {header.Length.ToString(CultureInfo.InvariantCulture)} column(s): \"{shown}\".",
            path,
            $"Give a header row naming the columns ({string.Join(",", Columns)}), separated by commas, semicolons or tabs, in UTF-8 or in UTF-16 with its byte order mark (Excel's \"CSV UTF-8\" or \"Unicode text\").");
    }

    private static IEnumerable<ImportRow> ReadJson(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new VppException(VppErrorIds.ImportFileNotJson, VppErrorCategory.InvalidData, $"The file {path} is not JSON: {e.Message}", path,
                "Give a JSON array of objects, as Export-VppAssignment writes.", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new VppException(VppErrorIds.ImportFileNotJson, VppErrorCategory.InvalidData, $"The file {path} is not a JSON array.", path,
                    "Give a JSON array of objects, as Export-VppAssignment writes.");
            }

            var row = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                row++;
                var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                if (element.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in element.EnumerateObject())
                    {
                        var text = property.Value.ValueKind switch
                        {
                            JsonValueKind.Null => null,
                            JsonValueKind.String => property.Value.GetString(),
                            _ => property.Value.GetRawText(),
                        };
                        values[property.Name] = string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
                    }
                }

                yield return new ImportRow(row, values);
            }
        }
    }

    private static IEnumerable<string?> Values(VppAssignment a)
    {
        yield return a.TokenId.ToString(CultureInfo.InvariantCulture);
        yield return a.TokenName;
        yield return a.AdamId;
        yield return a.PricingParam;
        yield return a.AssetName;
        yield return a.LicenseType;
        yield return a.SerialNumber;
        yield return a.ClientUserId;
    }
}

public enum AssignmentFileFormat
{
    Csv,
    Json,
}

/// <summary>One row of an import file, by column name.</summary>
public sealed class ImportRow
{
    public ImportRow(int rowNumber, IReadOnlyDictionary<string, string?> values)
    {
        RowNumber = rowNumber;
        Values = values;
    }

    public int RowNumber { get; }

    public IReadOnlyDictionary<string, string?> Values { get; }

    public string? this[string column] => Values.TryGetValue(column, out var value) ? value : null;

    public bool Has(string column) => Values.ContainsKey(column);
}
