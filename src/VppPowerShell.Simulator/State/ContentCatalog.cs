using System;
using System.Collections.Generic;

namespace VppPowerShell.Simulator.State;

/// <summary>
/// The store's content metadata (API §16): one entry per adamId, with a name per country
/// store. An asset without a name in a store is absent from that store's lookup results.
/// </summary>
internal sealed class ContentCatalog
{
    private readonly object _gate = new object();
    private readonly Dictionary<string, Entry> _entries = new Dictionary<string, Entry>(StringComparer.Ordinal);

    public void Ensure(string adamId, string productType, IReadOnlyList<string> platforms)
    {
        lock (_gate)
        {
            if (_entries.ContainsKey(adamId)) return;
            bool book = string.Equals(productType, "Book", StringComparison.OrdinalIgnoreCase);
            var families = new List<string>();
            foreach (var p in platforms)
            {
                switch (p.ToUpperInvariant())
                {
                    case "IOS": families.Add("iphone"); families.Add("ipad"); break;
                    case "MACOS": families.Add("mac"); break;
                    case "TVOS": families.Add("tvos"); break;
                    case "WATCHOS": families.Add("watch"); break;
                    case "VISIONOS": families.Add("vision"); break;
                }
            }
            bool macOnly = families.Count == 1 && families[0] == "mac";
            _entries.Add(adamId, new Entry(
                adamId,
                book ? "ebook" : macOnly ? "mac-software" : "software",
                book ? null : "com.example.simulated.app" + adamId,
                book ? "Simulated Author" : "Simulated Developer",
                families.ToArray()));
        }
    }

    /// <summary>
    /// Registers an asset added to a location or legacy account: its entry, and a name in
    /// <paramref name="countryCode"/>'s store: <paramref name="name"/> when given, else
    /// <paramref name="defaultName"/> unless the store names it already.
    /// </summary>
    public void EnsureNamed(string adamId, string productType, IReadOnlyList<string> platforms, string countryCode, string? name, string defaultName)
    {
        Ensure(adamId, productType, platforms);
        if (name != null || !HasName(adamId, countryCode)) SetName(adamId, countryCode, name ?? defaultName);
    }

    /// <summary>Sets (or with null removes) the name of an asset in one country store.</summary>
    public void SetName(string adamId, string countryCode, string? name)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(adamId, out var entry))
            {
                entry = new Entry(adamId, "software", "com.example.simulated.app" + adamId, "Simulated Developer", new[] { "iphone", "ipad" });
                _entries.Add(adamId, entry);
            }
            string cc = countryCode.ToUpperInvariant();
            if (name is null) entry.Names.Remove(cc);
            else entry.Names[cc] = name;
        }
    }

    public bool HasName(string adamId, string countryCode)
    {
        lock (_gate) return _entries.TryGetValue(adamId, out var e) && e.Names.ContainsKey(countryCode.ToUpperInvariant());
    }

    /// <summary>What the lookup returns for one id in one store, or null when it is not in that store.</summary>
    public LookupResult? Lookup(string adamId, string countryCode)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(adamId, out var e)) return null;
            if (!e.Names.TryGetValue(countryCode.ToUpperInvariant(), out var name)) return null;
            return new LookupResult(e.AdamId, name, e.BundleId, e.Kind, e.ArtistName, e.DeviceFamilies);
        }
    }

    internal sealed class LookupResult
    {
        public LookupResult(string id, string name, string? bundleId, string kind, string artistName, string[] deviceFamilies)
        {
            Id = id;
            Name = name;
            BundleId = bundleId;
            Kind = kind;
            ArtistName = artistName;
            DeviceFamilies = deviceFamilies;
        }

        public string Id { get; }
        public string Name { get; }
        public string? BundleId { get; }
        public string Kind { get; }
        public string ArtistName { get; }
        public string[] DeviceFamilies { get; }
    }

    private sealed class Entry
    {
        public Entry(string adamId, string kind, string? bundleId, string artistName, string[] deviceFamilies)
        {
            AdamId = adamId;
            Kind = kind;
            BundleId = bundleId;
            ArtistName = artistName;
            DeviceFamilies = deviceFamilies;
        }

        public string AdamId { get; }
        public string Kind { get; }
        public string? BundleId { get; }
        public string ArtistName { get; }
        public string[] DeviceFamilies { get; }
        public Dictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
    }
}
