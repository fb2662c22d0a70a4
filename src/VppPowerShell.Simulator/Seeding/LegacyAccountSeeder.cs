using System;
using System.Collections.Generic;
using System.Globalization;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Seeding;

/// <summary>Fills an empty legacy account fast (see <see cref="SimulatedLegacyAccount.Seed"/>), writing the rows directly.</summary>
internal static class LegacyAccountSeeder
{
    /// <summary>Seeds <paramref name="s"/>; returns the pools created (adamId, product type id) for the content catalog.</summary>
    public static List<KeyValuePair<string, int>> Seed(LegacyAccountState s, int assets, int licenses, int users, int seed)
    {
        SeedSize.Check(assets, licenses, nameof(licenses), users);

        var random = new Random(seed);
        var pools = new List<KeyValuePair<string, int>>(assets);
        lock (s.Gate)
        {
            s.RequireNotMoved();
            if (s.Assets.Count > 0 || s.Users.Count > 0 || s.LicenseCount > 0)
                throw new InvalidOperationException("Seed needs an empty legacy account.");
            long version = s.Version.Advance();

            for (int i = 0; i < assets; i++)
            {
                string adamId = (2000000001L + i).ToString(CultureInfo.InvariantCulture);
                int type = i % 10 == 9 ? LegacyProductTypes.Book : i % 7 == 3 ? LegacyProductTypes.MacSoftware : LegacyProductTypes.Application;
                bool book = type == LegacyProductTypes.Book;
                string pricing = book && i % 20 == 19 ? "PLUS" : "STDQ";
                s.AddAsset(adamId, pricing, type, book, !book);
                pools.Add(new KeyValuePair<string, int>(adamId, type));
            }

            for (int i = 0; i < users; i++)
            {
                string cid = "lu" + i.ToString("D6", CultureInfo.InvariantCulture);
                var record = new LegacyUserRecord { ClientUserId = cid, Email = cid + "@contoso.example", Version = version };
                if (i % 10 == 7)
                {
                    record.Status = UserStatus.Retired;
                    record.HadAppleAccount = true;
                }
                else
                {
                    record.Status = i % 3 == 0 ? UserStatus.Associated : UserStatus.Registered;
                    record.HadAppleAccount = record.Status == UserStatus.Associated;
                    s.ActiveUser[cid] = i;
                }
                s.Users.Add(record);
            }

            int serialCount = licenses == 0 ? 0 : Math.Max(1, licenses / 4);
            s.Serials.Reserve(serialCount);
            for (int i = 0; i < serialCount; i++) s.Serials.GetOrAdd("LSN" + i.ToString("D9", CultureInfo.InvariantCulture));

            if (s.Licenses.Length < licenses) s.Licenses = new LicenseRow[licenses];
            s.LicenseByPair = new Dictionary<long, int>(licenses);
            int next = 0;
            for (int a = 0; a < assets; a++)
            {
                var asset = s.Assets[a];
                int count = licenses / assets + (a < licenses % assets ? 1 : 0);
                int userOffset = users == 0 ? 0 : random.Next(users);
                int serialOffset = serialCount == 0 ? 0 : random.Next(serialCount);
                int first = next;
                for (int j = 0; j < count; j++)
                {
                    int index = next++;
                    s.Licenses[index] = new LicenseRow { Asset = a, Status = LicenseStatus.Available, User = -1, Serial = -1, Modified = version };
                    int roll = (j * 37 + a) % 50;
                    if (roll == 49)
                    {
                        s.Licenses[index].Status = LicenseStatus.Refunded;
                        continue;
                    }
                    asset.Total++;
                    if (roll >= 40) continue; // available
                    bool toUser = users > 0 && (!asset.DeviceAssignable || j % 2 == 0);
                    if (toUser)
                    {
                        int user = (userOffset + j) % users;
                        if (!s.Users[user].IsActive && !asset.IsIrrevocable)
                        {
                            if (!asset.DeviceAssignable || serialCount == 0) continue;
                            toUser = false;
                        }
                        else if (!s.LicenseByPair.ContainsKey(Keys.Pair(a, user)))
                        {
                            s.Associate(index, user, -1, version);
                            continue;
                        }
                        else continue;
                    }
                    if (!toUser && asset.DeviceAssignable && serialCount > 0)
                    {
                        int serial = (serialOffset + j * 7) % serialCount;
                        if (!s.LicenseByPair.ContainsKey(Keys.Pair(a, ~serial))) s.Associate(index, -1, serial, version);
                    }
                }
                for (int index = next - 1; index >= first; index--)
                {
                    if (s.Licenses[index].Status == LicenseStatus.Available) asset.Free.Push(index);
                }
            }
            s.LicenseCount = next;
        }
        return pools;
    }
}
