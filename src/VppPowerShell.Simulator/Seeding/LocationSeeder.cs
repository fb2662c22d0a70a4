using System;
using System.Collections.Generic;
using System.Globalization;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Seeding;

/// <summary>Fills an empty location fast (see <see cref="SimulatedLocation.Seed"/>), writing the rows directly rather than one write each.</summary>
internal static class LocationSeeder
{
    public static void Seed(LocationState s, ContentCatalog catalog, string countryCode, int assets, int assignments, int users, int seed)
    {
        SeedSize.Check(assets, assignments, nameof(assignments), users);

        long userAssignments = users > 0 ? assignments / 2 : 0;
        if (userAssignments > (long)users * assets) userAssignments = (long)users * assets;
        int deviceAssignments = assignments - (int)userAssignments;
        int serialCount = deviceAssignments == 0 ? 0 : Math.Max(SeedSize.CeilDiv(deviceAssignments, assets), SeedSize.CeilDiv(deviceAssignments, 3));

        var random = new Random(seed);
        int offset = random.Next(Math.Max(1, assets));
        var names = new List<KeyValuePair<string, string>>(assets);

        lock (s.Gate)
        {
            if (s.Assets.Count > 0 || s.Users.Count > 0 || s.Slots > 0)
                throw new InvalidOperationException("Seed needs an empty location.");

            for (int i = 0; i < assets; i++)
            {
                string adamId = (1000000001L + i).ToString(CultureInfo.InvariantCulture);
                string[] platforms = random.Next(4) == 0 ? new[] { "iOS", "macOS" } : new[] { "iOS" };
                s.AddAsset(adamId, "STDQ", "App", 0, true, true, platforms);
                names.Add(new KeyValuePair<string, string>(adamId, "Seeded App " + adamId));
            }

            s.Cids.Reserve(users);
            for (int i = 0; i < users; i++)
            {
                int cid = s.Cids.GetOrAdd("u" + i.ToString("D6", CultureInfo.InvariantCulture));
                var record = new LocationUserRecord { Cid = cid, Version = s.UsersVersion.Next };
                if (i % 3 == 0)
                {
                    record.Status = UserStatus.Associated;
                    record.HadAppleAccount = true;
                }
                s.ActiveByCid[cid] = s.Users.Count;
                s.LatestByCid[cid] = s.Users.Count;
                s.Users.Add(record);
            }
            if (users > 0) s.UsersVersion.Changed = true;

            s.Serials.Reserve(serialCount);
            for (int i = 0; i < serialCount; i++) s.Serials.GetOrAdd("SN" + i.ToString("D10", CultureInfo.InvariantCulture));

            int total = (int)userAssignments + deviceAssignments;
            if (s.Rows.Length < total) s.Rows = new AssignmentRow[total];
            s.RowByPair = new Dictionary<long, int>(total);
            long version = s.AssignmentsVersion.Next;
            int slot = 0;
            for (long j = 0; j < userAssignments; j++)
            {
                int user = (int)(j % users);
                int k = (int)(j / users);
                int asset = (user + k + offset) % assets;
                s.Rows[slot] = new AssignmentRow { Asset = asset, Target = user, Version = version };
                s.RowByPair.Add(Keys.Pair(asset, user), slot);
                s.Assets[asset].Assigned++;
                slot++;
            }
            for (int j = 0; j < deviceAssignments; j++)
            {
                int serial = j % serialCount;
                int k = j / serialCount;
                int asset = (int)(((long)serial * 7 + k + offset) % assets);
                s.Rows[slot] = new AssignmentRow { Asset = asset, Target = ~serial, Version = version };
                s.RowByPair.Add(Keys.Pair(asset, ~serial), slot);
                s.Assets[asset].Assigned++;
                slot++;
            }
            s.Slots = slot;
            s.Live = slot;
            s.Dead = 0;
            s.LiveIndex.Build(s.IsLiveSlot, s.Slots, s.Slots + s.Slots / 4);
            foreach (var a in s.Assets) a.Total = a.Assigned + Math.Max(10, a.Assigned / 10);
            if (slot > 0) s.AssignmentsVersion.Changed = true;

            // Seeded rows and users are not in the change logs: a delta from an older version scans.
            s.AssignmentChanges.Floor = version;
            s.UserChanges.Floor = s.UsersVersion.Next;
            s.EndWrite();
        }

        // Every seeded asset is listed as an iPhone/iPad app, whatever its platforms.
        foreach (var pair in names) catalog.EnsureNamed(pair.Key, "App", new[] { "iOS" }, countryCode, null, pair.Value);
    }
}
