using System;

namespace VppPowerShell.Simulator.State;

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
