using System;
using System.Collections.Generic;

namespace VppPowerShell.Simulator.State;

/// <summary>Interned strings: each distinct id gets a dense int.</summary>
internal sealed class IdTable
{
    private readonly List<string> _values;
    private readonly Dictionary<string, int> _index;

    public IdTable(int capacity = 16)
    {
        _values = new List<string>(capacity);
        _index = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
    }

    public int Count => _values.Count;

    public string this[int id] => _values[id];

    public bool TryGet(string value, out int id) => _index.TryGetValue(value, out id);

    public int GetOrAdd(string value)
    {
        if (_index.TryGetValue(value, out int id)) return id;
        id = _values.Count;
        _values.Add(value);
        _index.Add(value, id);
        return id;
    }

    public void Reserve(int capacity)
    {
        if (_values.Capacity < capacity) _values.Capacity = capacity;
    }
}

/// <summary>
/// Fenwick tree over slot liveness: counts live slots and finds the k-th live slot in
/// O(log n), so a page of a list with holes starts without scanning.
/// </summary>
internal sealed class LiveIndex
{
    private int[] _tree = new int[1 + 1024];
    private int _capacity = 1024;

    public void Build(Func<int, bool> isLive, int slots, int minCapacity)
    {
        _capacity = Math.Max(1024, NextPowerOfTwo(Math.Max(slots, minCapacity)));
        _tree = new int[_capacity + 1];
        for (int i = 0; i < slots; i++)
        {
            if (isLive(i)) _tree[i + 1] += 1;
        }
        for (int i = 1; i <= _capacity; i++)
        {
            int parent = i + (i & -i);
            if (parent <= _capacity) _tree[parent] += _tree[i];
        }
    }

    public bool Fits(int slot) => slot < _capacity;

    public void Add(int slot, int delta)
    {
        for (int i = slot + 1; i <= _capacity; i += i & -i) _tree[i] += delta;
    }

    /// <summary>The slot of the k-th (0-based) live element; the caller ensures k &lt; live count.</summary>
    public int FindKth(int k)
    {
        int pos = 0;
        int remaining = k + 1;
        for (int step = _capacity; step > 0; step >>= 1)
        {
            int next = pos + step;
            if (next <= _capacity && _tree[next] < remaining)
            {
                pos = next;
                remaining -= _tree[next];
            }
        }
        return pos; // 1-based position pos+1 => slot pos
    }

    private static int NextPowerOfTwo(int n)
    {
        int p = 1;
        while (p < n) p <<= 1;
        return p;
    }
}

/// <summary>One assignment slot. <see cref="Asset"/> is -1 for a removed row.</summary>
internal struct AssignmentRow
{
    public int Asset;
    /// <summary>User: clientUserId id (&gt;= 0). Device: bitwise complement of the serial id (&lt; 0).</summary>
    public int Target;
    public long Version;
}

/// <summary>One entry of a data set's change log: the version of the write and what it touched.</summary>
internal struct Change
{
    public long Version;
    public long Key;

    public Change(long version, long key)
    {
        Version = version;
        Key = key;
    }
}

internal enum UserStatus : byte
{
    Registered,
    Associated,
    Retired,
    Deleted,
}

internal sealed class UserRecord
{
    public int Cid;
    public UserStatus Status;
    public string? Email;
    public string? ManagedAppleId;
    /// <summary>Stored when known; a seeded Associated user derives one on output.</summary>
    public string? IdHash;
    public bool HadAppleAccount;
    public long Version;

    public bool IsActive => Status == UserStatus.Registered || Status == UserStatus.Associated;
}

internal sealed class AssetState
{
    public AssetState(int index, string adamId, string pricingParam, string productType, int total, bool deviceAssignable, bool revocable, string[] platforms)
    {
        Index = index;
        AdamId = adamId;
        PricingParam = pricingParam;
        ProductType = productType;
        Total = total;
        DeviceAssignable = deviceAssignable;
        Revocable = revocable;
        Platforms = platforms;
    }

    public int Index { get; }
    public string AdamId { get; }
    public string PricingParam { get; }
    public string ProductType { get; }
    public bool DeviceAssignable { get; }
    public bool Revocable { get; }
    public string[] Platforms { get; }
    public int Total;
    public int Assigned;
    /// <summary>Part of <see cref="Assigned"/> held by clientUserIds with no active record.</summary>
    public int Retired;

    public int Available => Total - Assigned;

    public SimAsset ToSnapshot() =>
        new SimAsset(AdamId, PricingParam, ProductType, Total, Assigned, Available, Retired, DeviceAssignable, Revocable, Platforms);
}

internal sealed class Failure
{
    public Failure(int errorNumber) => ErrorNumber = errorNumber;
    public int ErrorNumber { get; }
    public List<AssetState> Assets { get; } = new List<AssetState>();
    public List<string> ClientUserIds { get; } = new List<string>();
    public List<string> SerialNumbers { get; } = new List<string>();
}

internal sealed class EventState
{
    public EventState(string id, string type, int numRequested, int numCompleted, List<Failure> failures, int pollsBeforeCompletion)
    {
        Id = id;
        Type = type;
        NumRequested = numRequested;
        NumCompleted = numCompleted;
        Failures = failures;
        PollsBeforeCompletion = pollsBeforeCompletion;
    }

    public string Id { get; }
    public string Type { get; }
    public int NumRequested { get; }
    public int NumCompleted { get; }
    public List<Failure> Failures { get; }
    public int PollsBeforeCompletion { get; }
    public int Polls;

    public string FinalStatus => Failures.Count > 0 ? "FAILED" : "COMPLETE";
}

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
