using System;
using System.Collections.Generic;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator;

// Apple's migration of a legacy buyer to an Apps and Books location (API §14.3).
public sealed partial class SimulatedLegacyAccount
{
    /// <summary>
    /// Moves this buyer's licenses to <paramref name="location"/>, as Apple does when a legacy VPP
    /// buyer is mapped to a location (API §14.3):
    /// <list type="bullet">
    /// <item>Into a previously unused location (no pool, user or assignment): <b>every</b> license
    /// moves, assigned or not. Pools become v2 pools (7/8 → App, 10 → Book; revocable = not
    /// isIrrevocable), user records become v2 users (same clientUserId, itsIdHash → idHash, retired
    /// history kept), associations become v2 assignments. The legacy account is then empty and its
    /// token behaves as <paramref name="tokenAfterMove"/> says.</item>
    /// <item>Into a location that already holds something: only the <b>available</b> licenses move
    /// (added to the location's pools); assigned ones stay with the legacy token until they are
    /// unassigned there, after which another move transfers them. The legacy token keeps working.</item>
    /// </list>
    /// </summary>
    public SimLegacyMove MoveToLocation(SimulatedLocation location, LegacyTokenAfterMove tokenAfterMove = LegacyTokenAfterMove.Revoked)
    {
        if (location is null) throw new ArgumentNullException(nameof(location));
        if (!ReferenceEquals(location.Simulator, _simulator)) throw new ArgumentException("The location belongs to another simulator.", nameof(location));

        var names = new List<LegacyAssetState>();
        SimLegacyMove result;
        lock (Gate)
        {
            if (_emptied) throw new InvalidOperationException("Every license of this legacy account already moved to a location.");
            lock (location.Gate)
            {
                long version = ++_version;
                result = location.IsUnusedLocked ? MoveEverything(location, version) : MoveAvailable(location, version);
                location.EndImport();
            }
            _movedTo = location;
            if (result.Complete)
            {
                _emptied = true;
                if (tokenAfterMove == LegacyTokenAfterMove.Revoked) _token.Revoked = true;
                else _usedInV2 = true;
            }
            names.AddRange(_assets);
        }

        foreach (var asset in names)
        {
            _simulator.Catalog.Ensure(asset.AdamId, asset.V2ProductType, LegacyProductTypes.Platforms(asset.ProductTypeId));
            if (!_simulator.Catalog.HasName(asset.AdamId, location.CountryCode))
            {
                // The name the buyer's store gives it, else a made-up one.
                string name = _simulator.Catalog.Lookup(asset.AdamId, CountryCode)?.Name
                    ?? (asset.ProductTypeId == LegacyProductTypes.Book ? "Legacy Book " : "Legacy App ") + asset.AdamId;
                _simulator.Catalog.SetName(asset.AdamId, location.CountryCode, name);
            }
        }
        return result;
    }

    private SimLegacyMove MoveEverything(SimulatedLocation location, long version)
    {
        int licenses = 0, assignments = 0;
        foreach (var a in _assets)
        {
            location.ImportPool(a.AdamId, a.PricingParam, a.V2ProductType, a.Total, a.DeviceAssignable, !a.IsIrrevocable, LegacyProductTypes.Platforms(a.ProductTypeId));
            licenses += a.Total;
        }
        for (int i = 0; i < _users.Count; i++)
        {
            var r = _users[i];
            location.ImportUser(r.ClientUserId, r.Email, r.ManagedAppleId, r.Status == UserStatus.Deleted ? UserStatus.Retired : r.Status, ItsIdHashOf(i));
        }
        for (int i = 0; i < _licenseCount; i++)
        {
            ref var row = ref _licenses[i];
            if (row.Status == LicenseStatus.Associated)
            {
                var asset = _assets[row.Asset];
                if (row.User >= 0) location.ImportAssignment(asset.AdamId, asset.PricingParam, _users[row.User].ClientUserId, null);
                else location.ImportAssignment(asset.AdamId, asset.PricingParam, null, _serials[row.Serial]);
                assignments++;
            }
            row.Status = LicenseStatus.Moved;
            row.Modified = version;
        }
        _licenseByPair.Clear();
        foreach (var a in _assets)
        {
            a.Free.Clear();
            a.Total = a.Assigned = a.Retired = 0;
        }
        return new SimLegacyMove(true, licenses, assignments, _users.Count, 0);
    }

    private SimLegacyMove MoveAvailable(SimulatedLocation location, long version)
    {
        int moved = 0, left = 0;
        foreach (var a in _assets)
        {
            left += a.Assigned;
            int count = a.Free.Count;
            if (count == 0) continue;
            location.ImportPool(a.AdamId, a.PricingParam, a.V2ProductType, count, a.DeviceAssignable, !a.IsIrrevocable, LegacyProductTypes.Platforms(a.ProductTypeId));
            while (a.Free.Count > 0)
            {
                ref var row = ref _licenses[a.Free.Pop()];
                row.Status = LicenseStatus.Moved;
                row.Modified = version;
            }
            a.Total -= count;
            moved += count;
        }
        return new SimLegacyMove(false, moved, 0, 0, left);
    }
}
