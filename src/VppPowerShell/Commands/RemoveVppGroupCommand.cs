using System.Management.Automation;
using VppPowerShell.Core.Licensing;

namespace VppPowerShell.Commands;

/// <summary>Deletes a group and the assignments that named it; licenses already given stay assigned.</summary>
/// <remarks>
/// To reclaim the members' licenses first, remove the members with Remove-VppGroupMember,
/// then the group.
/// </remarks>
/// <example>
/// <code>Remove-VppGroup -Name 'Old pilot' -Force</code>
/// <para>Deletes the group without prompting.</para>
/// </example>
[Cmdlet(VerbsCommon.Remove, "VppGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = ModuleLinks.Docs + "Remove-VppGroup.md")]
[OutputType(typeof(void))]
public sealed class RemoveVppGroupCommand : VppStoreCmdlet
{
    /// <summary>The group's name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("GroupName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.GroupNameCompleter))]
    public string? Name { get; set; }

    /// <summary>Do not prompt for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>A group object, a name, or a list row of group names is a group; a license, device, user, token or job row is not.</summary>
    protected override Core.VppException? Refusal(PipedObject input)
    {
        if (input.Kind is PipedKind.Group or PipedKind.Text or PipedKind.Other) return null;
        return new Core.VppException(Core.VppErrorIds.InputNotUnderstood, Core.VppErrorCategory.InvalidArgument,
            $"Remove-VppGroup deletes groups, and this input is {input.Describe()}, not a group: it was skipped.", input.Describe(),
            "Pipe Get-VppGroup's output, or name the group with -Name.");
    }

    protected override void Process()
    {
        var groups = new GroupCatalog(Store);
        var group = groups.Get(Name!);
        if (!ShouldChange(group.GroupName, $"Delete the group ({group.MemberCount} members) and the assignments that name it; licenses stay assigned",
                Force.IsPresent))
        {
            return;
        }

        groups.Remove(group.GroupName);
    }
}
