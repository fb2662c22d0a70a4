using System.Collections.Generic;
using System.Linq;
using VppPowerShell.Core.Licensing;

namespace VppPowerShell;

/// <summary>Group membership changes that follow the group's desired assignments: new members get licenses, departed ones lose them.</summary>
public abstract class VppGroupCmdlet : VppLicensingCmdlet
{
    /// <summary>For each assignment that names the group: assign to (or reclaim from) the given members.</summary>
    protected void FollowDesiredAssignments(VppGroup group, IReadOnlyList<string> members, bool reclaim, bool force)
    {
        if (members.Count == 0) return;
        foreach (var desired in new DesiredState(Store).ForGroup(group.GroupName).GroupBy(d => d.TokenId))
        {
            var token = ResolveLicensingToken(desired.Key);
            foreach (var assignment in desired)
            {
                var keep = reclaim ? members.Where(m => !new DesiredState(Store).IsDesiredDirectly(token.TokenId, assignment.AdamId, assignment.PricingParam, m)).ToList() : members.ToList();
                var targets = group.MemberType == LicenseType.Device
                    ? Targets(keep, new string[0], new string[0], assignment.LicenseType)
                    : Targets(new string[0], keep, new string[0], assignment.LicenseType);
                if (targets.Count == 0) continue;
                var intent = reclaim ? AssignmentIntent.Uninstall : assignment.Intent;
                var assets = new[] { (assignment.AdamId, assignment.PricingParam) };
                Change(token, reclaim ? "Remove" : "Assign",
                    reclaim ? $"Reclaim {assignment.AdamId} from {targets.Count} member(s) leaving '{group.GroupName}'"
                        : $"Assign {assignment.AdamId} to {targets.Count} new member(s) of '{group.GroupName}'",
                    cancellation => Licensing.PlanAssignAsync(token, assets, targets, intent, cancellation), null, force);
            }
        }
    }
}
