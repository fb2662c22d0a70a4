using System.Management.Automation;
using VppPowerShell.Core.Licensing;

namespace VppPowerShell.Commands;

/// <summary>Gets groups and their members.</summary>
/// <remarks>Lists the groups of the store, by name with wildcards, with their member type and members.</remarks>
/// <example>
/// <code>(Get-VppGroup 'Sales iPads').Members</code>
/// <para>Lists a group's serial numbers.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "VppGroup", HelpUri = ModuleLinks.Docs + "Get-VppGroup.md")]
[OutputType(typeof(VppGroup))]
public sealed class GetVppGroupCommand : VppStoreCmdlet
{
    /// <summary>Group names; wildcards allowed. All groups when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("GroupName")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.GroupNameCompleter))]
    public string[]? Name { get; set; }

    protected override void Process()
    {
        foreach (var group in new GroupCatalog(Store).Find(Name)) WriteOutput(group);
    }
}
