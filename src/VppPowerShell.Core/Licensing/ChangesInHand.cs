using System;
using System.Collections.Generic;
using System.Linq;

namespace VppPowerShell.Core.Licensing;

/// <summary>
/// What the token's unfinished jobs that another live worker runs still have to send (R-L8): a plan
/// leaves those targets to them instead of planning them a second time, and counts the licenses
/// their associations will take as taken.
/// </summary>
public sealed class ChangesInHand
{
    private const string TokenWide = "*";
    private readonly Dictionary<(string AdamId, string PricingParam, string Target), VppJob> changes = new();
    private readonly Dictionary<string, VppJob> anyChange = new(StringComparer.Ordinal);
    private readonly Dictionary<(string AdamId, string PricingParam), List<(string Target, LicenseType Type)>> associations = new();

    public static readonly ChangesInHand None = new(Array.Empty<string>(), Array.Empty<(VppJob, VppTargetResult)>());

    internal ChangesInHand(IReadOnlyCollection<string> jobsSeen, IEnumerable<(VppJob Job, VppTargetResult Change)> pending)
    {
        JobsSeen = jobsSeen;
        foreach (var (job, change) in pending)
        {
            var target = change.LicenseType == LicenseType.User ? change.ClientUserId! : change.SerialNumber!;
            changes[(change.AdamId, change.PricingParam, target)] = job;
            anyChange[target] = job;
            if (change.Action != PlannedAction.Associate) continue;
            var key = (change.AdamId, change.PricingParam);
            if (!associations.TryGetValue(key, out var list)) associations[key] = list = new List<(string, LicenseType)>();
            list.Add((target, change.LicenseType));
        }
    }

    /// <summary>Every unfinished job of the token when this was read, in hand elsewhere or not: a job journaled later was not seen.</summary>
    public IReadOnlyCollection<string> JobsSeen { get; }

    /// <summary>The job that has a change of this asset for this holder in hand, or one that revokes all of the holder's licenses.</summary>
    public VppJob? JobChanging(string adamId, string pricingParam, string target) =>
        changes.TryGetValue((adamId, pricingParam, target), out var job) || changes.TryGetValue((TokenWide, TokenWide, target), out job) ? job : null;

    /// <summary>The job that has any change for this holder in hand (what a revocation of all its licenses would cross).</summary>
    public VppJob? JobChangingAny(string target) => anyChange.TryGetValue(target, out var job) ? job : null;

    /// <summary>Licenses of the pool that the jobs in hand elsewhere will take: their associations of holders that do not hold one yet.</summary>
    public int LicensesTaken(PoolState pool) =>
        associations.TryGetValue((pool.AdamId, pool.PricingParam), out var list) ? list.Count(a => !pool.IsAssigned(a.Target, a.Type)) : 0;

    /// <summary>The jobs that take licenses of the pool, for the reason of a refusal.</summary>
    public IEnumerable<string> JobsTaking(PoolState pool) =>
        associations.TryGetValue((pool.AdamId, pool.PricingParam), out var list)
            ? list.Select(a => changes[(pool.AdamId, pool.PricingParam, a.Target)].JobId).Distinct()
            : Enumerable.Empty<string>();
}
