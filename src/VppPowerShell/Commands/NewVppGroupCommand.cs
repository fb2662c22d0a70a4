using System.Management.Automation;
using VppPowerShell.Core.Licensing;

namespace VppPowerShell.Commands;

/// <summary>Creates a group of devices or users that assignments can target.</summary>
/// <remarks>
/// A group holds serial numbers (MemberType Device) or client user ids (MemberType User), set
/// from anywhere: Entra, a CSV, a script. Set-VppAssignment -GroupName licenses its members;
/// Add-VppGroupMember and Remove-VppGroupMember keep licenses in step with membership.
/// Like every New- command it writes what it created.
/// </remarks>
/// <example>
/// <code>New-VppGroup -Name 'Sales iPads' -MemberType Device -Member (Import-Csv sales.csv).SerialNumber</code>
/// <para>Creates a device group from a CSV column.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "VppGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = ModuleLinks.Docs + "New-VppGroup.md")]
[OutputType(typeof(VppGroup))]
public sealed class NewVppGroupCommand : VppStoreCmdlet
{
    protected override bool CreatesStore => true;

    /// <summary>The group's name, unique in the store.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>Device (serial numbers) or User (client user ids).</summary>
    [Parameter(Mandatory = true)]
    public LicenseType MemberType { get; set; }

    /// <summary>The first members.</summary>
    [Parameter]
    public string[]? Member { get; set; }

    protected override void Process()
    {
        if (!ShouldChange(Name!, $"Create a {MemberType.ToString().ToLowerInvariant()} group")) return;
        var groups = new GroupCatalog(Store);
        groups.Create(Name!, MemberType);
        if (Member is not null) groups.AddMembers(Name!, Member);
        WriteOutput(groups.Get(Name!));
    }
}
