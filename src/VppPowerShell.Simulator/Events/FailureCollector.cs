using System;
using System.Collections.Generic;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Events;

/// <summary>
/// Collects per-pair failures and groups them: one entry per error number and per set of
/// assets, listing every user/device that failed on exactly that set. Each entry is an exact
/// cartesian product, so a client can expand it back into pairs.
/// </summary>
internal sealed class FailureCollector
{
    private readonly List<Item> _items = new List<Item>();
    private readonly Dictionary<string, Item> _byTarget = new Dictionary<string, Item>(StringComparer.Ordinal);

    public int PairCount { get; private set; }

    public void Add(int errorNumber, bool isUser, string target, AssetState? asset)
    {
        string key = errorNumber + (isUser ? "|u|" : "|s|") + target;
        if (!_byTarget.TryGetValue(key, out var item))
        {
            item = new Item(errorNumber, isUser, target);
            _byTarget.Add(key, item);
            _items.Add(item);
        }
        if (asset != null) item.Assets.Add(asset);
        PairCount++;
    }

    public List<Failure> Build()
    {
        var result = new List<Failure>();
        var byGroup = new Dictionary<string, Failure>(StringComparer.Ordinal);
        foreach (var item in _items)
        {
            var sig = new System.Text.StringBuilder();
            sig.Append(item.ErrorNumber).Append(':');
            foreach (var a in item.Assets) sig.Append(a.Index).Append(',');
            string key = sig.ToString();
            if (!byGroup.TryGetValue(key, out var failure))
            {
                failure = new Failure(item.ErrorNumber);
                failure.Assets.AddRange(item.Assets);
                byGroup.Add(key, failure);
                result.Add(failure);
            }
            (item.IsUser ? failure.ClientUserIds : failure.SerialNumbers).Add(item.Target);
        }
        return result;
    }

    private sealed class Item
    {
        public Item(int errorNumber, bool isUser, string target)
        {
            ErrorNumber = errorNumber;
            IsUser = isUser;
            Target = target;
        }

        public int ErrorNumber { get; }
        public bool IsUser { get; }
        public string Target { get; }
        public List<AssetState> Assets { get; } = new List<AssetState>();
    }
}
