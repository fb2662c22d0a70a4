using System.Collections.Generic;
using System.Linq;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>
/// The whole world at one moment, read independently of the module: every license at Apple in
/// every location (the simulator's own state), and what each store file holds.
/// </summary>
public sealed class WorldSnapshot
{
    private WorldSnapshot(IReadOnlyList<AppleLicense> appleLicenses, IReadOnlyDictionary<StoreName, StoreState> stores)
    {
        AppleLicenses = appleLicenses;
        Stores = stores;
    }

    public IReadOnlyList<AppleLicense> AppleLicenses { get; }

    public IReadOnlyDictionary<StoreName, StoreState> Stores { get; }

    public static WorldSnapshot Take(World world) => new(
        WorldLayout.Locations.SelectMany(l => world.Location(l.TokenName).Assignments
            .Select(a => new AppleLicense(l.TokenName, a.AdamId, a.PricingParam, a.SerialNumber, a.ClientUserId))).ToList(),
        new[] { StoreName.A, StoreName.B }.ToDictionary(s => s, s => StoreState.Read(world.StorePath(s))));
}
