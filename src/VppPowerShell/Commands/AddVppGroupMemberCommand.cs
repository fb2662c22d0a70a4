using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core.Licensing;

namespace VppPowerShell.Commands;

/// <summary>Adds members to a group; they get the licenses assigned to the group.</summary>
/// <remarks>
/// Members come from the pipeline by the group's kind: a device group takes each row's SerialNumber,
/// a user group its ClientUserId, so a CSV or a directory query can be piped in; a row without it
/// (a device's row piped into a user group) is refused (MemberTypeMismatch). Every assignment that names the group is then made for the new members.
/// </remarks>
/// <example>
/// <code>Import-Csv new-ipads.csv | Add-VppGroupMember -GroupName 'Sales iPads'</code>
/// <para>Adds the devices of a CSV and licenses them like the rest of the group.</para>
/// </example>
[Cmdlet(VerbsCommon.Add, "VppGroupMember", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = ModuleLinks.Docs + "Add-VppGroupMember.md")]
[OutputType(typeof(VppTargetResult))]
public sealed class AddVppGroupMemberCommand : VppGroupCmdlet
{
    protected override void End()
    {
        if (!AnyMemberGiven()) return;
        var existing = new HashSet<string>(Group.Members);
        var added = Members.Where(m => !existing.Contains(m)).ToList();
        foreach (var already in Members.Where(existing.Contains)) WriteNote($"'{already}' is already a member of '{Group.GroupName}'.");
        if (added.Count == 0)
        {
            WriteNote($"Every member given is already in '{Group.GroupName}': nothing was changed.");
            return;
        }

        if (!ShouldChange(Group.GroupName, $"Add {added.Count} member(s): {Shown(added)}"))
        {
            if (WhatIfInForce) FollowDesiredAssignments(Group, added, reclaim: false, force: false);
            return;
        }

        new GroupCatalog(Store).AddMembers(Group.GroupName, added);
        FollowDesiredAssignments(Group, added, reclaim: false, force: false);
    }

    private static string Shown(IReadOnlyList<string> members) => string.Join(", ", members.Take(20)) + (members.Count > 20 ? ", ..." : string.Empty);
}
