using System;
using System.Collections.Generic;
using System.Linq;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>Every difference between two snapshots of the world, at Apple and in each store.</summary>
public static class WorldChanges
{
    public static IReadOnlyList<WorldChange> Between(WorldSnapshot before, WorldSnapshot after)
    {
        var changes = new List<WorldChange>();
        changes.AddRange(AtApple(before.AppleLicenses, after.AppleLicenses));
        foreach (var store in before.Stores.Keys) changes.AddRange(InStore(store, before.Stores[store], after.Stores[store]));
        return changes;
    }

    /// <summary>Licenses gained and lost at Apple, in every location.</summary>
    public static (int Gained, int Lost) AppleCounts(IEnumerable<WorldChange> changes)
    {
        var apple = changes.Where(c => c.Kind == ChangeKind.AppleLicense).ToList();
        return (apple.Count(c => c.Added), apple.Count(c => c.Removed));
    }

    private static IEnumerable<WorldChange> AtApple(IReadOnlyList<AppleLicense> before, IReadOnlyList<AppleLicense> after)
    {
        var was = new HashSet<AppleLicense>(before);
        var now = new HashSet<AppleLicense>(after);
        foreach (var license in now.Where(l => !was.Contains(l))) yield return AppleChange(license, added: true);
        foreach (var license in was.Where(l => !now.Contains(l))) yield return AppleChange(license, added: false);
    }

    private static WorldChange AppleChange(AppleLicense license, bool added)
    {
        var location = WorldLayout.Location(license.TokenName);
        return new WorldChange(ChangeKind.AppleLicense, location.Store,
            $"Apple, {license.TokenName} (store {location.Store}, TokenId {location.TokenId}): {(added ? "assigned" : "took back")} {license}")
        {
            TokenId = location.TokenId,
            AdamId = license.AdamId,
            Target = license.Target,
            Added = added,
            Removed = !added,
        };
    }

    private static IEnumerable<WorldChange> InStore(StoreName store, StoreState before, StoreState after)
    {
        var prefix = $"store {store}";
        foreach (var token in before.Tokens)
        {
            var now = after.Token(token.TokenId);
            if (now is null)
            {
                yield return new WorldChange(ChangeKind.Token, store, $"{prefix}: removed token '{token.Name}' (TokenId {token.TokenId})")
                    { TokenId = token.TokenId, Removed = true };
            }
            else if (now != token)
            {
                yield return new WorldChange(ChangeKind.Token, store, $"{prefix}: token {token.TokenId} '{token.Name}' ({token.CountryCode}) became '{now.Name}' ({now.CountryCode})")
                    { TokenId = token.TokenId };
            }
        }

        foreach (var token in after.Tokens.Where(t => before.Token(t.TokenId) is null))
        {
            yield return new WorldChange(ChangeKind.Token, store, $"{prefix}: a token '{token.Name}' (TokenId {token.TokenId}) appeared") { TokenId = token.TokenId, Added = true };
        }

        foreach (var change in Licenses(store, before, after)) yield return change;
        foreach (var change in Groups(store, before, after)) yield return change;
        foreach (var change in Devices(store, before, after)) yield return change;
        foreach (var change in Jobs(store, before, after)) yield return change;
    }

    private static IEnumerable<WorldChange> Licenses(StoreName store, StoreState before, StoreState after)
    {
        var was = new HashSet<StoredLicense>(before.Licenses);
        var now = new HashSet<StoredLicense>(after.Licenses);
        foreach (var (license, added) in now.Where(l => !was.Contains(l)).Select(l => (l, true)).Concat(was.Where(l => !now.Contains(l)).Select(l => (l, false))))
        {
            yield return new WorldChange(ChangeKind.StoredLicense, store,
                $"store {store}, copy of TokenId {license.TokenId}: {(added ? "added" : "removed")} {license.AdamId} ({license.PricingParam}) -> {license.Target}")
            {
                TokenId = license.TokenId,
                AdamId = license.AdamId,
                Target = license.Target,
                Added = added,
                Removed = !added,
            };
        }
    }

    private static IEnumerable<WorldChange> Groups(StoreName store, StoreState before, StoreState after)
    {
        foreach (var group in before.Groups)
        {
            var now = after.Group(group.Name);
            if (now is null)
            {
                yield return new WorldChange(ChangeKind.Group, store, $"store {store}: removed group '{group.Name}'") { Key = group.Name, Removed = true };
                continue;
            }

            foreach (var member in now.Members.Where(m => !group.Holds(m)))
            {
                yield return new WorldChange(ChangeKind.GroupMember, store, $"store {store}: added {member} to group '{group.Name}'") { Key = group.Name, Target = member, Added = true };
            }

            foreach (var member in group.Members.Where(m => !now.Holds(m)))
            {
                yield return new WorldChange(ChangeKind.GroupMember, store, $"store {store}: removed {member} from group '{group.Name}'") { Key = group.Name, Target = member, Removed = true };
            }
        }

        foreach (var group in after.Groups.Where(g => before.Group(g.Name) is null))
        {
            yield return new WorldChange(ChangeKind.Group, store, $"store {store}: a group '{group.Name}' appeared") { Key = group.Name, Added = true };
        }
    }

    private static IEnumerable<WorldChange> Devices(StoreName store, StoreState before, StoreState after)
    {
        var was = before.Devices.ToDictionary(d => d.SerialNumber, StringComparer.OrdinalIgnoreCase);
        foreach (var device in after.Devices)
        {
            if (was.TryGetValue(device.SerialNumber, out var old) && old == device) continue;
            yield return new WorldChange(ChangeKind.Device, store,
                old is null ? $"store {store}: recorded device {device.SerialNumber} ({device.Facts})" : $"store {store}: device {device.SerialNumber} changed ({old.Facts} -> {device.Facts})")
                { Key = device.SerialNumber, Added = old is null };
        }

        foreach (var device in before.Devices.Where(d => !after.Devices.Any(a => string.Equals(a.SerialNumber, d.SerialNumber, StringComparison.OrdinalIgnoreCase))))
        {
            yield return new WorldChange(ChangeKind.Device, store, $"store {store}: forgot device {device.SerialNumber}") { Key = device.SerialNumber, Removed = true };
        }
    }

    private static IEnumerable<WorldChange> Jobs(StoreName store, StoreState before, StoreState after)
    {
        foreach (var job in before.Jobs)
        {
            var now = after.Job(job.JobId);
            if (now is null)
            {
                yield return new WorldChange(ChangeKind.Job, store, $"store {store}: job {job.JobId} disappeared") { Key = job.JobId, TokenId = job.TokenId, Removed = true };
            }
            else if ((now.State, now.Owner, now.TokenId) != (job.State, job.Owner, job.TokenId))
            {
                yield return new WorldChange(ChangeKind.Job, store,
                    $"store {store}: job {job.JobId} of TokenId {job.TokenId} went from {job.State} ({job.Owner}) to {now.State} ({now.Owner}){(now.TokenId is null && job.TokenId is not null ? ", its token removed" : string.Empty)}")
                {
                    Key = job.JobId,
                    TokenId = job.TokenId,
                    OnlyTokenCleared = (now.State, now.Owner) == (job.State, job.Owner) && now.TokenId is null,
                };
            }
        }

        foreach (var job in after.Jobs.Where(j => before.Job(j.JobId) is null))
        {
            yield return new WorldChange(ChangeKind.NewJob, store, $"store {store}: new job {job.JobId} of TokenId {job.TokenId?.ToString() ?? "(removed)"} ({job.State}, {job.Targets.Count} target(s))")
                { Key = job.JobId, TokenId = job.TokenId, Added = true };
        }
    }
}
