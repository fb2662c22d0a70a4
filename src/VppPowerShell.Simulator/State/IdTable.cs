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
