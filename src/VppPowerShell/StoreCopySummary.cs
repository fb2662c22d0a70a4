using System.Collections.Generic;
using System.Linq;

namespace VppPowerShell;

/// <summary>What Copy-VppStore copied: from which SQLite store, into which shared store, and the rows of each table.</summary>
public sealed class StoreCopySummary
{
    internal StoreCopySummary(string source, string storeConnectionString, IReadOnlyList<KeyValuePair<string, long>> tables)
    {
        Source = source;
        StoreConnectionString = storeConnectionString;
        var rows = new Dictionary<string, long>();
        foreach (var table in tables) rows.Add(table.Key, table.Value);
        Tables = rows;
        TokenCount = (int)rows["tokens"];
        RowCount = rows.Values.Sum();
    }

    /// <summary>The SQLite store file that was copied.</summary>
    public string Source { get; }

    /// <summary>The shared store it was copied into, without its password: pipe this object into a command to use that store.</summary>
    public string StoreConnectionString { get; }

    public int TokenCount { get; }

    /// <summary>The rows copied, all tables together.</summary>
    public long RowCount { get; }

    /// <summary>The rows copied per table, in the order they were copied; each equals the source's count.</summary>
    public IReadOnlyDictionary<string, long> Tables { get; }

    public override string ToString() => $"{Source} -> {StoreConnectionString}";
}
