using System.Collections.Generic;
using System.Linq;
using VppPowerShell.Core;
using System.Management.Automation;
using VppPowerShell.Core.Licensing;

namespace VppPowerShell.Commands;

/// <summary>Removes members from a group and reclaims the licenses they had through it.</summary>
/// <remarks>
/// A user or device that leaves the group loses the group's licenses (Apple's disassociate),
/// unless the same asset is also assigned to it directly. On iOS your MDM then uninstalls the app
///; on macOS the app stops updating and goes after 30 days.
/// </remarks>
/// <example>
/// <code>Import-Csv leavers.csv | Remove-VppGroupMember -GroupName 'All staff' -Force</code>
/// <para>Reclaims the licenses of departed users without prompting.</para>
/// </example>
[Cmdlet(VerbsCommon.Remove, "VppGroupMember", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = ModuleLinks.Docs + "Remove-VppGroupMember.md")]
[OutputType(typeof(VppTargetResult))]
public sealed class RemoveVppGroupMemberCommand : VppGroupCmdlet
{
    /// <summary>Do not prompt for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void End()
    {
        if (!AnyMemberGiven()) return;
        var existing = new HashSet<string>(Group.Members);
        foreach (var stranger in Members.Where(m => !existing.Contains(m)))
        {
            WriteTargetError(new VppException(VppErrorIds.NotAGroupMember, VppErrorCategory.ObjectNotFound,
                $"'{stranger}' is not a member of '{Group.GroupName}': nothing was changed for it.", stranger, $"See the members with (Get-VppGroup -Name '{Group.GroupName}').Members."));
        }

        var leaving = Members.Where(existing.Contains).ToList();
        if (leaving.Count == 0) return;
        if (!ShouldChange(Group.GroupName, $"Remove {leaving.Count} member(s) and reclaim the licenses they had through the group: {string.Join(", ", leaving.Take(20))}{(leaving.Count > 20 ? ", ..." : string.Empty)}",
                Force.IsPresent))
        {
            if (WhatIfInForce) FollowDesiredAssignments(Group, leaving, reclaim: true, force: true);
            return;
        }

        var removed = new GroupCatalog(Store).RemoveMembers(Group.GroupName, leaving);
        FollowDesiredAssignments(Group, removed, reclaim: true, force: true);
    }
}
