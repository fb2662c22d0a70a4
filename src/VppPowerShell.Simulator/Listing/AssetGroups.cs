using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Listing;

/// <summary>
/// A location's live assignment slots grouped by asset (a counting sort), each group in listing
/// order, so a per-asset listing reads its groups instead of every row. Rebuilt lazily once per
/// assignments version.
/// </summary>
internal sealed class AssetGroups
{
    private int[]? _start;
    private int[]? _slots;
    private long _version = -1;

    /// <summary>Slots of asset <c>a</c> are <c>Slots[Start[a]]</c> up to <c>Slots[Start[a + 1]]</c>.</summary>
    public int[] Start => _start!;

    public int[] Slots => _slots!;

    public void Refresh(LocationState s)
    {
        if (_version == s.AssignmentsVersion.Current && _start != null && _start.Length == s.Assets.Count + 1) return;
        var start = new int[s.Assets.Count + 1];
        for (int slot = 0; slot < s.Slots; slot++)
        {
            int asset = s.Rows[slot].Asset;
            if (asset >= 0) start[asset + 1]++;
        }
        for (int i = 0; i < s.Assets.Count; i++) start[i + 1] += start[i];
        var fill = (int[])start.Clone();
        var grouped = new int[s.Live];
        for (int slot = 0; slot < s.Slots; slot++)
        {
            int asset = s.Rows[slot].Asset;
            if (asset >= 0) grouped[fill[asset]++] = slot;
        }
        _start = start;
        _slots = grouped;
        _version = s.AssignmentsVersion.Current;
    }
}
