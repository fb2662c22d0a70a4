using System.Collections.Generic;
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
    private readonly List<string> members = new();

    /// <summary>The group.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.GroupNameCompleter))]
    public string? GroupName { get; set; }

    /// <summary>Serial numbers or client user ids to remove.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("SerialNumber", "ClientUserId")]
    public string[]? Member { get; set; }

    /// <summary>Do not prompt for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void Process() => members.AddRange(Member!);

    protected override void End()
    {
        var groups = new GroupCatalog(Store);
        var group = groups.Get(GroupName!);
        if (!ShouldChange(group.GroupName, $"Remove {members.Count} member(s) and reclaim the licenses they had through the group",
                Force.IsPresent))
        {
            return;
        }

        var removed = groups.RemoveMembers(group.GroupName, members);
        FollowDesiredAssignments(group, removed, reclaim: true, force: true);
    }
}
