using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>A CSV file as Export-Csv writes it (every field quoted), to edit between Export-Csv and Import-Csv.</summary>
public sealed class CsvTable
{
    private CsvTable(List<string> columns, List<List<string>> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    public List<string> Columns { get; }

    public List<List<string>> Rows { get; }

    /// <summary>The table of <paramref name="text"/>; an empty file (Export-Csv given nothing) has no columns.</summary>
    public static CsvTable Parse(string text)
    {
        var records = Records(text).ToList();
        return records.Count == 0 ? new CsvTable(new List<string>(), new List<List<string>>()) : new CsvTable(records[0], records.Skip(1).ToList());
    }

    public int Column(string name) => Columns.FindIndex(c => string.Equals(c, name, System.StringComparison.OrdinalIgnoreCase));

    public override string ToString()
    {
        if (Columns.Count == 0) return string.Empty;
        var text = new StringBuilder();
        foreach (var record in new[] { Columns }.Concat(Rows)) text.Append(string.Join(",", record.Select(f => "\"" + f.Replace("\"", "\"\"") + "\""))).Append('\n');
        return text.ToString();
    }

    private static IEnumerable<List<string>> Records(string text)
    {
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') field.Append(text[++i]);
                else if (c == '"') quoted = false;
                else field.Append(c);
                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    any = true;
                    break;
                case ',':
                    record.Add(field.ToString());
                    field.Clear();
                    any = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    if (any || field.Length > 0)
                    {
                        record.Add(field.ToString());
                        yield return record;
                    }

                    record = new List<string>();
                    field.Clear();
                    any = false;
                    break;
                default:
                    field.Append(c);
                    any = true;
                    break;
            }
        }

        if (any || field.Length > 0)
        {
            record.Add(field.ToString());
            yield return record;
        }
    }
}
