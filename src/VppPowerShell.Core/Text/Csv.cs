using System.Collections.Generic;
using System.IO;
using System.Text;

namespace VppPowerShell.Core.Text;

/// <summary>
/// RFC 4180 CSV: fields separated by commas (or semicolons, as Excel writes in some locales, or
/// tabs, as Excel's "Unicode text" does: the first of them outside quotes is the file's separator),
/// quoted with double quotes when they hold a separator, a quote or a line break.
/// </summary>
public static class Csv
{
    /// <summary>Each record with the line it starts on (1-based).</summary>
    public static IEnumerable<(int Line, List<string> Fields)> Read(TextReader reader)
    {
        var line = 1;
        char? separator = null;
        while (true)
        {
            var start = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            var any = false;
            int next;
            while ((next = reader.Read()) != -1)
            {
                any = true;
                var c = (char)next;
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (reader.Peek() == '"') field.Append((char)reader.Read());
                        else quoted = false;
                    }
                    else
                    {
                        if (c == '\n') line++;
                        field.Append(c);
                    }

                    continue;
                }

                if (c == '"' && field.Length == 0)
                {
                    quoted = true;
                }
                else if (c == ',' || c == ';' || c == '\t')
                {
                    separator ??= c;
                    if (c == separator)
                    {
                        fields.Add(field.ToString());
                        field.Clear();
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                else if (c == '\r')
                {
                    // Part of a CRLF line end.
                }
                else if (c == '\n')
                {
                    line++;
                    break;
                }
                else
                {
                    field.Append(c);
                }
            }

            if (!any) yield break;
            fields.Add(field.ToString());
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                if (next == -1) yield break;
                continue;
            }

            yield return (start, fields);
            if (next == -1) yield break;
        }
    }

    public static void WriteRecord(TextWriter writer, IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first) writer.Write(',');
            first = false;
            var text = field ?? string.Empty;
            if (text.IndexOfAny(new[] { ',', ';', '"', '\n', '\r' }) >= 0 || text.Trim() != text)
            {
                writer.Write('"');
                writer.Write(text.Replace("\"", "\"\""));
                writer.Write('"');
            }
            else
            {
                writer.Write(text);
            }
        }

        writer.Write("\r\n");
    }
}
