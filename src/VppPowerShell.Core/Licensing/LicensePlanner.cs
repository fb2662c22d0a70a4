using System;
using System.Collections.Generic;
using System.Linq;
using VppPowerShell.Core.Apple;

namespace VppPowerShell.Core.Licensing;

/// <summary>
/// Desired state against Apple's actual state (as last synced) gives the calls to make. Pure and
/// deterministic: the same input gives the same plan. Nothing already true is sent; every rule is
/// checked before anything is sent, with a clear per-target refusal; requests stay within Apple's
/// limits, users and devices apart.
/// </summary>
public static class LicensePlanner
{
    /// <summary>Gives targets licenses (or, with intent Uninstall, takes them back).</summary>
    public static LicensePlan PlanAssignments(IReadOnlyList<PoolState> pools, IReadOnlyList<TargetRequest> targets, AssignmentIntent intent,
        PlanningContext context) =>
        PlanAssignments(pools.Select(p => (p, targets)).ToList(), intent, context);

    /// <summary>The same, with each pool's own targets (an import, a migration).</summary>
    public static LicensePlan PlanAssignments(IReadOnlyList<(PoolState Pool, IReadOnlyList<TargetRequest> Targets)> work, AssignmentIntent intent,
        PlanningContext context)
    {
        var planned = new List<PlannedTarget>(work.Sum(w => w.Targets.Count));
        var devicesOfUser = DevicesByUser(context.Devices);
        foreach (var (pool, targets) in work)
        {
            var seen = new HashSet<(string, LicenseType)>();
            HashSet<string>? usersHoldingDeviceLicenses = null;
            // R-L8: the licenses other live jobs' associations will take are not free for this plan.
            var taken = context.InHandElsewhere.LicensesTaken(pool);
            var free = pool.AvailableCount - taken;
            foreach (var request in targets)
            {
                var target = Plan(pool, request, intent, context, planned.Count, devicesOfUser, ref usersHoldingDeviceLicenses);
                if (target.Action is PlannedAction.Associate or PlannedAction.Disassociate
                    && context.InHandElsewhere.JobChanging(pool.AdamId, pool.PricingParam, target.Target) is { } owner)
                {
                    target.LeaveTo(owner);
                }
                else if (!seen.Add((target.Target, target.LicenseType)) && target.Action != PlannedAction.Fail)
                {
                    target.Action = PlannedAction.None;
                    target.Reason = "Named twice; planned once.";
                }
                else if (target.Action == PlannedAction.Associate)
                {
                    // R-L5: the first targets in the order given get the licenses there are; the rest fail, and nothing else breaks.
                    if (free > 0)
                    {
                        free--;
                        target.CreatesUser = target.LicenseType == LicenseType.User && !context.UserExistsAtApple(target.Target);
                    }
                    else
                    {
                        var others = taken == 0 ? string.Empty : $", and job(s) {string.Join(", ", context.InHandElsewhere.JobsTaking(pool))} running elsewhere take {taken} of them";
                        target.Refuse(VppErrorIds.NoLicenseAvailable,
                            $"No license of {pool.AdamId} is available on this token ({pool.AvailableCount} were free for {CountAssociations(targets.Count)}{others}). Buy more, or reclaim some with Revoke-VppLicense.");
                    }
                }

                planned.Add(target);
            }
        }

        var batches = new List<PlannedBatch>();
        AddUserCreation(planned, context.Limits, batches);
        AddAssetBatches(planned, PlannedAction.Associate, BatchOperation.Associate, context.Limits, batches);
        AddAssetBatches(planned, PlannedAction.Disassociate, BatchOperation.Disassociate, context.Limits, batches);
        return new LicensePlan(planned, batches, context.InHandElsewhere);
    }

    /// <summary>Takes every revocable license of the token back from the given devices or users (R-R1).</summary>
    public static LicensePlan PlanRevocations(PoolState tokenWide, IReadOnlyList<TargetRequest> targets, PlanningContext context)
    {
        var planned = new List<PlannedTarget>(targets.Count);
        var seen = new HashSet<(string, LicenseType)>();
        foreach (var request in targets)
        {
            var holds = tokenWide.IsAssigned(request.Target, request.LicenseType);
            var target = new PlannedTarget(planned.Count, tokenWide, request.Target, request.Target, request.LicenseType,
                !seen.Add((request.Target, request.LicenseType)) || !holds ? PlannedAction.None : PlannedAction.Revoke,
                reason: holds ? null : "Holds no revocable license of this token.");
            if (target.Action == PlannedAction.Revoke && context.InHandElsewhere.JobChangingAny(request.Target) is { } owner) target.LeaveTo(owner);
            target.Licenses = target.Action == PlannedAction.Revoke && tokenWide.LicensesHeld.TryGetValue((request.Target, request.LicenseType), out var held) ? held : 0;
            planned.Add(target);
        }

        var batches = new List<PlannedBatch>();
        foreach (var type in new[] { LicenseType.Device, LicenseType.User })
        {
            var size = type == LicenseType.Device ? context.Limits.MaxRevokeSerialNumbers : context.Limits.MaxRevokeClientUserIds;
            var chosen = planned.Where(t => t.Action == PlannedAction.Revoke && t.LicenseType == type).ToList();
            foreach (var chunk in Chunk(chosen, size))
            {
                var batch = new PlannedBatch(batches.Count + 1, BatchOperation.Revoke, type, Array.Empty<PoolState>(), chunk.Select(t => t.Target).ToList());
                foreach (var t in chunk) t.BatchNo = batch.BatchNo;
                batches.Add(batch);
            }
        }

        return new LicensePlan(planned, batches, context.InHandElsewhere);
    }

    /// <summary>The fewest associate requests Apple's limits allow for this many targets of each kind.</summary>
    public static int MinimumRequests(int devices, int users, int assets, ServiceLimits limits)
    {
        var assetGroups = (assets + limits.MaxAssets - 1) / limits.MaxAssets;
        return assetGroups * (((devices + limits.MaxSerialNumbers - 1) / limits.MaxSerialNumbers) + ((users + limits.MaxClientUserIds - 1) / limits.MaxClientUserIds));
    }

    private static PlannedTarget Plan(PoolState pool, TargetRequest request, AssignmentIntent intent, PlanningContext context, int seq,
        Dictionary<string, List<VppDevice>> devicesOfUser, ref HashSet<string>? usersHoldingDeviceLicenses)
    {
        var type = request.LicenseType;
        var holder = request.Target;
        VppDevice? device = null;
        if (request.IsDeviceTarget) context.Devices.TryGetValue(request.Target, out device);
        else if (devicesOfUser.TryGetValue(request.Target, out var owned)) device = owned[0];

        if (request.IsDeviceTarget && type == LicenseType.User)
        {
            if (device?.PrimaryUser is null)
            {
                return Refused(VppErrorIds.DeviceHasNoUser, "User licensing gives the license to the device's user, and this device has no known user. Set it with Set-VppDevice -PrimaryUser, or use device licensing.");
            }

            holder = device.PrimaryUser;
        }

        var target = new PlannedTarget(seq, pool, request.Target, holder, type, PlannedAction.None)
        {
            Prompts = EndUserPrompts.For(type, device),
        };

        if (intent == AssignmentIntent.Available && request.IsDeviceTarget)
        {
            target.Refuse(VppErrorIds.AvailableIntentForDevice, "Intent Available is for users only, not devices. Use Required for devices.");
            return target;
        }

        var assigned = pool.IsAssigned(holder, type);
        if (intent == AssignmentIntent.Uninstall)
        {
            if (!assigned)
            {
                target.Reason = "Holds no license of this asset.";
            }
            else if (!pool.Revocable)
            {
                target.Refuse(VppErrorIds.AssetNotRevocable, $"{pool.AdamId} cannot be revoked (a book, for example): its license stays with its holder (API 9706).");
            }
            else
            {
                target.Action = PlannedAction.Disassociate;
                target.Reason = device?.IsMacOS == true
                    ? "macOS: the license is reclaimed; the app stays usable but cannot update, and is removed after 30 days."
                    : "The license is reclaimed; send the uninstall through your MDM.";
            }

            return target;
        }

        if (type == LicenseType.Device)
        {
            if (pool.IsBook)
            {
                target.Refuse(VppErrorIds.BookToDevice, "Books can only be licensed to users.");
                return target;
            }

            if (!pool.DeviceAssignable)
            {
                target.Refuse(VppErrorIds.AssetNotDeviceAssignable, $"{pool.AdamId} cannot be assigned to devices (API 9707). Use user licensing.");
                return target;
            }
        }
        else
        {
            usersHoldingDeviceLicenses ??= UsersWithDeviceLicenses(pool, context.Devices);
            if (usersHoldingDeviceLicenses.Contains(holder))
            {
                target.Refuse(VppErrorIds.DeviceToUserMigrationRefused,
                    "This user's device holds a device license of the asset; device licenses cannot move to user licenses (only user to device).");
                return target;
            }

            if (device?.Kiosk == true)
            {
                target.Warning = "User licensing on a kiosk device is not recommended: the invitation needs a person signed in.";
            }
        }

        if (assigned)
        {
            target.Reason = "Already licensed.";
            return target;
        }

        target.Action = PlannedAction.Associate;
        return target;

        PlannedTarget Refused(string errorId, string reason)
        {
            var refused = new PlannedTarget(seq, pool, request.Target, holder, type, PlannedAction.None);
            refused.Refuse(errorId, reason);
            return refused;
        }
    }

    private static HashSet<string> UsersWithDeviceLicenses(PoolState pool, IReadOnlyDictionary<string, VppDevice> devices)
    {
        var users = new HashSet<string>(StringComparer.Ordinal);
        foreach (var device in devices.Values)
        {
            if (device.PrimaryUser is not null && pool.AssignedDevices.Contains(device.SerialNumber)) users.Add(device.PrimaryUser);
        }

        return users;
    }

    private static Dictionary<string, List<VppDevice>> DevicesByUser(IReadOnlyDictionary<string, VppDevice> devices)
    {
        var result = new Dictionary<string, List<VppDevice>>(StringComparer.Ordinal);
        foreach (var device in devices.Values)
        {
            if (device.PrimaryUser is null) continue;
            if (!result.TryGetValue(device.PrimaryUser, out var list)) result[device.PrimaryUser] = list = new List<VppDevice>();
            list.Add(device);
        }

        return result;
    }

    private static void AddUserCreation(List<PlannedTarget> planned, ServiceLimits limits, List<PlannedBatch> batches)
    {
        var users = planned.Where(t => t.CreatesUser).Select(t => t.Target).Distinct(StringComparer.Ordinal).ToList();
        foreach (var chunk in Chunk(users, limits.MaxUsers))
        {
            batches.Add(new PlannedBatch(batches.Count + 1, BatchOperation.CreateUsers, LicenseType.User, Array.Empty<PoolState>(), chunk));
        }
    }

    /// <summary>
    /// Chunks each pool's targets by Apple's per-request limit, users and devices apart; pools whose
    /// chunks name the same targets share a request, up to maxAssets assets.
    /// </summary>
    private static void AddAssetBatches(List<PlannedTarget> planned, PlannedAction action, BatchOperation operation, ServiceLimits limits,
        List<PlannedBatch> batches)
    {
        var shared = new Dictionary<(LicenseType, string), (List<PoolState> Pools, List<PlannedTarget> First, List<List<PlannedTarget>> All)>();
        var order = new List<(LicenseType, string)>();
        foreach (var byPool in planned.Where(t => t.Action == action).GroupBy(t => (t.Pool, t.LicenseType)))
        {
            var size = byPool.Key.LicenseType == LicenseType.Device ? limits.MaxSerialNumbers : limits.MaxClientUserIds;
            foreach (var chunk in Chunk(byPool.ToList(), size))
            {
                var key = (byPool.Key.LicenseType, string.Join("\n", chunk.Select(t => t.Target)));
                if (!shared.TryGetValue(key, out var entry))
                {
                    entry = (new List<PoolState>(), chunk, new List<List<PlannedTarget>>());
                    shared[key] = entry;
                    order.Add(key);
                }

                entry.Pools.Add(byPool.Key.Pool);
                entry.All.Add(chunk);
            }
        }

        foreach (var key in order)
        {
            var entry = shared[key];
            for (var start = 0; start < entry.Pools.Count; start += limits.MaxAssets)
            {
                var pools = entry.Pools.Skip(start).Take(limits.MaxAssets).ToList();
                var batch = new PlannedBatch(batches.Count + 1, operation, key.Item1, pools, entry.First.Select(t => t.Target).ToList());
                for (var i = start; i < start + pools.Count; i++)
                {
                    foreach (var t in entry.All[i]) t.BatchNo = batch.BatchNo;
                }

                batches.Add(batch);
            }
        }
    }

    private static IEnumerable<List<T>> Chunk<T>(IReadOnlyList<T> items, int size)
    {
        for (var start = 0; start < items.Count; start += size)
        {
            var chunk = new List<T>(Math.Min(size, items.Count - start));
            for (var i = start; i < Math.Min(start + size, items.Count); i++) chunk.Add(items[i]);
            yield return chunk;
        }
    }

    private static string CountAssociations(int targets) => targets == 1 ? "1 target" : $"{targets} targets";
}
