using System.Collections.Generic;
using System.Management.Automation;
using VppPowerShell.Core.Licensing;

namespace VppPowerShell.Commands;

/// <summary>Adds members to a group; they get the licenses assigned to the group.</summary>
/// <remarks>
/// Members bind from the pipeline by SerialNumber or ClientUserId, so a CSV or a directory query
/// can be piped in. Every assignment that names the group is then made for the new members.
/// </remarks>
/// <example>
/// <code>Import-Csv new-ipads.csv | Add-VppGroupMember -GroupName 'Sales iPads'</code>
/// <para>Adds the devices of a CSV and licenses them like the rest of the group.</para>
/// </example>
[Cmdlet(VerbsCommon.Add, "VppGroupMember", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = ModuleLinks.Docs + "Add-VppGroupMember.md")]
[OutputType(typeof(VppTargetResult))]
public sealed class AddVppGroupMemberCommand : VppGroupCmdlet
{
    private readonly List<string> members = new();

    /// <summary>The group.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.GroupNameCompleter))]
    public string? GroupName { get; set; }

    /// <summary>Serial numbers or client user ids to add.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("SerialNumber", "ClientUserId")]
    public string[]? Member { get; set; }

    protected override void Process() => members.AddRange(Member!);

    protected override void End()
    {
        var groups = new GroupCatalog(Store);
        var group = groups.Get(GroupName!);
        if (!ShouldChange(group.GroupName, $"Add {members.Count} member(s)")) return;
        var before = new HashSet<string>(group.Members);
        groups.AddMembers(group.GroupName, members);
        var added = new List<string>();
        foreach (var member in members) if (before.Add(member)) added.Add(member);
        FollowDesiredAssignments(group, added, reclaim: false, force: false);
    }
}
