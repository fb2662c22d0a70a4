using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using VppPowerShell.Simulator;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>
/// One pipeline's world, in the template's state: its own copies of stores A and B in a folder of
/// its own, and the template's simulated locations put back as they were built.
/// </summary>
public sealed class World : IDisposable
{
    private readonly IReadOnlyDictionary<StoreName, string> stores;
    private readonly IReadOnlyDictionary<string, SimulatedLocation> locations;
    private readonly IReadOnlyDictionary<StoreName, string> interruptedJobs;

    internal World(string folder, IReadOnlyDictionary<StoreName, string> stores, IReadOnlyDictionary<string, SimulatedLocation> locations,
        IReadOnlyDictionary<StoreName, string> interruptedJobs)
    {
        Folder = folder;
        this.stores = stores;
        this.locations = locations;
        this.interruptedJobs = interruptedJobs;
    }

    public string Folder { get; }

    /// <summary>Where an upstream exports rows to before Import-Csv reads them back ($csv).</summary>
    public string CsvPath => Path.Combine(Folder, "rows.csv");

    /// <summary>Where an upstream exports objects before Import-Clixml reads them back ($xml).</summary>
    public string XmlPath => Path.Combine(Folder, "rows.xml");

    /// <summary>The script variables a pipeline's text uses: $A, $B, $csv, $xml.</summary>
    public IReadOnlyDictionary<string, object?> Variables => new Dictionary<string, object?>
    {
        ["A"] = StorePath(StoreName.A),
        ["B"] = StorePath(StoreName.B),
        ["csv"] = CsvPath,
        ["xml"] = XmlPath,
    };

    public string StorePath(StoreName store) => stores[store];

    public SimulatedLocation Location(string tokenName) => locations[tokenName];

    /// <summary>The id of the store's interrupted job (WorldLayout.InterruptedJobs).</summary>
    public string InterruptedJob(StoreName store) => interruptedJobs[store];

    /// <summary>The world's store at <paramref name="path"/>, or null for any other path.</summary>
    public StoreName? StoreAt(string? path)
    {
        if (string.IsNullOrWhiteSpace(path)) return null;
        var full = Path.GetFullPath(path!);
        return stores.Where(s => string.Equals(Path.GetFullPath(s.Value), full, StringComparison.Ordinal)).Select(s => (StoreName?)s.Key).FirstOrDefault();
    }

    /// <summary>A store path as the pipeline text writes it: $A, $B, or the path itself.</summary>
    public string Shown(string? path) => StoreAt(path) is { } store ? "$" + store : path ?? string.Empty;

    public void Dispose() => WorldFiles.DeleteFolder(Folder);
}
