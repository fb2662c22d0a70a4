using System;
using System.Collections.Generic;
using System.Globalization;
using VppPowerShell.Simulator.Model;

namespace VppPowerShell.Simulator.Api;

/// <summary>Query-string parameters (last one wins; names compared ignoring case; unknown ones ignored).</summary>
internal sealed class QueryArgs
{
    private readonly Dictionary<string, string> _values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public QueryArgs(string query)
    {
        if (string.IsNullOrEmpty(query)) return;
        foreach (string part in query.Split('&'))
        {
            if (part.Length == 0) continue;
            int eq = part.IndexOf('=');
            string name = Decode(eq < 0 ? part : part.Substring(0, eq));
            string value = eq < 0 ? string.Empty : Decode(part.Substring(eq + 1));
            _values[name] = value;
        }
    }

    public string? Get(string name) => _values.TryGetValue(name, out var v) ? v : null;

    /// <summary>A present, non-empty value, or null.</summary>
    public string? GetNonEmpty(string name)
    {
        string? v = Get(name);
        return string.IsNullOrEmpty(v) ? null : v;
    }

    public bool? GetBool(string name)
    {
        string? v = GetNonEmpty(name);
        if (v is null) return null;
        if (v == "1" || string.Equals(v, "true", StringComparison.OrdinalIgnoreCase)) return true;
        if (v == "0" || string.Equals(v, "false", StringComparison.OrdinalIgnoreCase)) return false;
        throw new ApiException(ErrorCatalog.InvalidArgument, $"'{name}' must be true or false.");
    }

    public int? GetInt(string name)
    {
        string? v = GetNonEmpty(name);
        if (v is null) return null;
        if (!int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n))
            throw new ApiException(ErrorCatalog.InvalidArgument, $"'{name}' must be an integer.");
        return n;
    }

    /// <summary>Zero-based page index; omitted = 0; negative = out of range (9650).</summary>
    public int PageIndex()
    {
        int page = GetInt("pageIndex") ?? 0;
        if (page < 0) throw new ApiException(ErrorCatalog.PageIndexOutOfRange);
        return page;
    }

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
}
