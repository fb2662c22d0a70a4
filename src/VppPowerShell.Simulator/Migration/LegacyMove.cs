using VppPowerShell.Simulator.Model;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Migration;

/// <summary>
/// Apple's migration of a legacy buyer's licenses to an Apps and Books location (API §14.3), as
/// <see cref="SimulatedLegacyAccount.MoveToLocation"/> describes it. Callers hold both gates,
/// the account's first.
/// </summary>
internal static class LegacyMove
{
    /// <summary>Into an unused location: every pool, user record and license, assigned or not.</summary>
    public static SimLegacyMove Everything(LegacyAccountState from, LocationState to, string locationName, long version)
    {
        int licenses = 0, assignments = 0;
        foreach (var a in from.Assets)
        {
            LocationImport.Pool(to, a.AdamId, a.PricingParam, a.V2ProductType, a.Total, a.DeviceAssignable, !a.IsIrrevocable, LegacyProductTypes.Platforms(a.ProductTypeId));
            licenses += a.Total;
        }
        for (int i = 0; i < from.Users.Count; i++)
        {
            var r = from.Users[i];
            LocationImport.User(to, locationName, r.ClientUserId, r.Email, r.ManagedAppleId, r.Status == UserStatus.Deleted ? UserStatus.Retired : r.Status, from.ItsIdHashOf(i));
        }
        for (int i = 0; i < from.LicenseCount; i++)
        {
            ref var row = ref from.Licenses[i];
            if (row.Status == LicenseStatus.Associated)
            {
                var asset = from.Assets[row.Asset];
                if (row.User >= 0) LocationImport.Assignment(to, asset.AdamId, asset.PricingParam, from.Users[row.User].ClientUserId, null);
                else LocationImport.Assignment(to, asset.AdamId, asset.PricingParam, null, from.Serials[row.Serial]);
                assignments++;
            }
            row.Status = LicenseStatus.Moved;
            row.Modified = version;
        }
        from.LicenseByPair.Clear();
        foreach (var a in from.Assets)
        {
            a.Free.Clear();
            a.Total = a.Assigned = a.Retired = 0;
        }
        return new SimLegacyMove(true, licenses, assignments, from.Users.Count, 0);
    }

    /// <summary>Into a location in use: the available licenses only; assigned ones stay until unassigned.</summary>
    public static SimLegacyMove Available(LegacyAccountState from, LocationState to, long version)
    {
        int moved = 0, left = 0;
        foreach (var a in from.Assets)
        {
            left += a.Assigned;
            int count = a.Free.Count;
            if (count == 0) continue;
            LocationImport.Pool(to, a.AdamId, a.PricingParam, a.V2ProductType, count, a.DeviceAssignable, !a.IsIrrevocable, LegacyProductTypes.Platforms(a.ProductTypeId));
            while (a.Free.Count > 0)
            {
                ref var row = ref from.Licenses[a.Free.Pop()];
                row.Status = LicenseStatus.Moved;
                row.Modified = version;
            }
            a.Total -= count;
            moved += count;
        }
        return new SimLegacyMove(false, moved, 0, 0, left);
    }
}
