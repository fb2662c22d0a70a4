using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core.Licensing;

namespace VppPowerShell.Commands;

/// <summary>Assigns licenses of apps or books to devices, users or groups, in bulk, safely.</summary>
/// <remarks>
/// Targets come as parameters, from the pipeline by property name (Import-Csv rows with a
/// SerialNumber or ClientUserId column), or as groups. The change is planned against the store's
/// copy of Apple's state: nothing already true is sent, each rule is checked first with a per-target
/// error (Available intent is for users only; books go to users only; assets that are not
/// device-assignable; device licenses do not move to user licenses), and requests stay within Apple's
/// limits. With more targets than free licenses, the first ones in the order given get a license
/// and the others fail with NoLicenseAvailable. The run is a job journaled in the store:
/// killed at any point, it is finished by Resume-VppJob or by running the same command again.
/// A target that another live process's job of the same token still has to change is left to that
/// job (status LeftToJob, naming it), or with -Wait the command waits for that job first.
/// -WhatIf shows the real plan and sends nothing.
/// </remarks>
/// <example>
/// <code>Import-Csv ./ipads.csv | Set-VppAssignment -TokenName 'Contoso Paris' -AdamId 361309726</code>
/// <para>Gives Pages to every device of the CSV (its SerialNumber column), with device licensing.</para>
/// </example>
/// <example>
/// <code>Set-VppAssignment -AdamId 361309726 -ClientUserId ann@contoso.com -Intent Available -PassThru</code>
/// <para>Offers Pages to a user (user licensing): Apple invites the user; the result carries the invitation code.</para>
/// </example>
/// <example>
/// <code>Set-VppAssignment -AdamId 361309726 -GroupName 'Sales iPads' -WhatIf</code>
/// <para>Shows what assigning Pages to a group would do, and sends nothing.</para>
/// </example>
/// <example>
/// <code>Import-Csv ./ipads.csv | Set-VppAssignment -TokenName 'Contoso Paris' -AdamId 361309726 -Wait</code>
/// <para>Gives Pages to every device of the CSV; if another runbook's job is still changing some of them, waits for it to end instead of leaving them to it.</para>
/// </example>
[Cmdlet(VerbsCommon.Set, "VppAssignment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = ModuleLinks.Docs + "Set-VppAssignment.md")]
[OutputType(typeof(VppTargetResult))]
public sealed class SetVppAssignmentCommand : VppAssignmentTargetsCmdlet
{
    /// <summary>Groups whose members to license (New-VppGroup); members added later are licensed by Add-VppGroupMember.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.GroupNameCompleter))]
    public string[]? GroupName { get; set; }

    /// <summary>Required (installed automatically, the default), Available (offered, users only) or Uninstall.</summary>
    [Parameter]
    public AssignmentIntent Intent { get; set; } = AssignmentIntent.Required;

    /// <summary>Device or User licensing. Devices get device licenses and users user licenses by default; User with -SerialNumber licenses each device's user.</summary>
    [Parameter]
    public LicenseType? LicenseType { get; set; }

    protected override bool TargetsTyped => base.TargetsTyped || IsGivenOnCommandLine(nameof(GroupName));

    protected override void End()
    {
        RequireSomeTarget(GroupName is { Length: > 0 });
        foreach (var (tokenId, requested, serials, users) in Received())
        {
            var token = ResolveLicensingToken(tokenId);
            var assets = Priced(token, requested);
            if (assets.Count == 0) continue;
            var groups = GroupName ?? new string[0];
            var targets = Targets(serials, users, groups, LicenseType);
            if (targets.Count == 0) continue;
            // Only well-formed targets can be desired; the planner's refusals are dropped below.
            var desired = serials.Where(TargetNames.IsSerialNumber).Select(s => ("Device", s, LicenseType ?? Core.Licensing.LicenseType.Device))
                .Concat(users.Where(u => TargetNames.IsClientUserId(u) && LicenseType != Core.Licensing.LicenseType.Device).Select(u => ("User", u, Core.Licensing.LicenseType.User)))
                .Concat(groups.Select(g => ("Group", g, LicenseType ?? new GroupCatalog(Store).Get(g).MemberType)))
                .ToList();
            Change(token, "Assign", $"Assign {string.Join(", ", assets.Select(a => a.AdamId))} ({Intent}) to {targets.Count} target(s)",
                cancellation => Licensing.PlanAssignAsync(token, assets, targets, Intent, cancellation),
                plan =>
                {
                    foreach (var asset in assets)
                    {
                        new DesiredState(Store).Record(token.TokenId, new[] { asset },
                            desired.Where(d => d.Item1 == "Group" || !plan.RefusedByRule(asset.AdamId, d.Item2)).ToList(), Intent);
                    }
                });
        }
    }
}
