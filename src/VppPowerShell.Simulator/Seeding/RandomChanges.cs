using System;
using System.Globalization;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Seeding;

/// <summary>
/// Apple-side activity on a location (see <see cref="SimulatedLocation.ApplyRandomChanges"/>):
/// random assigns, unassigns, user creations and retirements and count changes, each its own write.
/// </summary>
internal sealed class RandomChanges
{
    private readonly LocationState _s;
    private readonly Random _random;
    private readonly int _seed;

    private RandomChanges(LocationState state, int seed)
    {
        _s = state;
        _seed = seed;
        _random = new Random(seed);
    }

    public static void Apply(LocationState state, int count, int seed)
    {
        var changes = new RandomChanges(state, seed);
        lock (state.Gate)
        {
            if (state.Assets.Count == 0) throw new InvalidOperationException("Random changes need at least one asset.");
            for (int i = 0; i < count; i++)
            {
                changes.ApplyOne(i);
                state.EndWrite();
            }
        }
    }

    private void ApplyOne(int i)
    {
        int roll = _random.Next(100);
        if (roll < 40 && Assign()) { }
        else if (roll < 70 && Unassign()) { }
        else if (roll < 80) CreateUser(i);
        else if (roll < 90 && Retire()) { }
        else ChangeCount();
    }

    private bool Assign()
    {
        var asset = _s.Assets[_random.Next(_s.Assets.Count)];
        if (asset.Available <= 0) _s.SetTotal(asset, asset.Total + 1 + _random.Next(5));
        for (int attempt = 0; attempt < 8; attempt++)
        {
            int target;
            if ((!asset.DeviceAssignable || _random.Next(2) == 0) && _s.ActiveByCid.Count > 0 && _s.Users.Count > 0)
            {
                var record = _s.Users[_random.Next(_s.Users.Count)];
                if (!record.IsActive) continue;
                target = record.Cid;
            }
            else if (asset.DeviceAssignable)
            {
                int sid = _s.Serials.Count == 0 || _random.Next(10) == 0
                    ? _s.Serials.GetOrAdd("SR" + _s.Serials.Count.ToString("D10", CultureInfo.InvariantCulture))
                    : _random.Next(_s.Serials.Count);
                target = ~sid;
            }
            else
            {
                return false;
            }
            if (_s.HasRow(asset, target)) continue;
            _s.AddRow(asset, target);
            return true;
        }
        return false;
    }

    private bool Unassign()
    {
        if (_s.Live == 0) return false;
        int slot = _s.LiveIndex.FindKth(_random.Next(_s.Live));
        if (!_s.Assets[_s.Rows[slot].Asset].Revocable) return false;
        _s.RemoveSlot(slot);
        return true;
    }

    private void CreateUser(int i)
    {
        string id = "r" + ((uint)_seed).ToString("x", CultureInfo.InvariantCulture) + "-" + i.ToString(CultureInfo.InvariantCulture) + "-" + _random.Next(1000000).ToString(CultureInfo.InvariantCulture);
        int cid = _s.Cids.GetOrAdd(id);
        if (_s.IsActiveCid(cid)) return;
        _s.AddUserRecord(cid, id + "@example.com", null);
    }

    private bool Retire()
    {
        if (_s.ActiveByCid.Count == 0) return false;
        for (int attempt = 0; attempt < 8; attempt++)
        {
            var record = _s.Users[_random.Next(_s.Users.Count)];
            if (!record.IsActive) continue;
            _s.RetireCid(record.Cid);
            return true;
        }
        return false;
    }

    private void ChangeCount()
    {
        var asset = _s.Assets[_random.Next(_s.Assets.Count)];
        int delta = 1 + _random.Next(5);
        int next = _random.Next(2) == 0 ? asset.Total + delta : Math.Max(asset.Assigned, asset.Total - delta);
        if (next == asset.Total) return;
        _s.SetTotal(asset, next);
    }
}
