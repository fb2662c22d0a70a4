using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Core.Licensing;

namespace VppPowerShell;

/// <summary>
/// Group membership changes that follow the group's desired assignments: new members get licenses,
/// departed ones lose them. Members are typed (-Member), piped as text, or piped rows: a device group
/// takes a row's SerialNumber, a user group its ClientUserId, and a row without it is refused.
/// </summary>
public abstract class VppGroupCmdlet : VppLicensingCmdlet
{
    private readonly List<string> members = new();
    private VppGroup? group;

    /// <summary>The group.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.GroupNameCompleter))]
    public string? GroupName { get; set; }

    /// <summary>Serial numbers (device group) or client user ids (user group). Piped rows give their SerialNumber or ClientUserId, by the group's kind.</summary>
    [Parameter(Position = 1)]
    [Alias("SerialNumber", "ClientUserId")]
    public string[]? Member { get; set; }

    protected override bool ReadsPipedObjects => true;

    protected VppGroup Group => group ??= new GroupCatalog(Store).Get(GroupName!);

    /// <summary>The members given, each once, in the order given; malformed ones were reported and left out.</summary>
    protected IReadOnlyList<string> Members => members;

    private string MemberProperty => Group.MemberType == LicenseType.Device ? "SerialNumber" : "ClientUserId";

    protected override VppException? Refusal(PipedObject input)
    {
        if (input.Has("SerialNumber") && input.Has("ClientUserId"))
        {
            return new VppException(VppErrorIds.MemberTypeMismatch, VppErrorCategory.InvalidArgument,
                $"This input is {input.Describe()}: it names both a device and a user, so it cannot tell which one joins '{Group.GroupName}'. It was skipped.",
                input.Describe(), "Pipe rows with only a SerialNumber (device group) or only a ClientUserId (user group).");
        }

        if (input.Kind == PipedKind.Text || input.Has(MemberProperty)) return null;
        return new VppException(VppErrorIds.MemberTypeMismatch, VppErrorCategory.InvalidArgument,
            $"'{Group.GroupName}' is a {Group.MemberType.ToString().ToLowerInvariant()} group, and this input is {input.Describe()}, which has no {MemberProperty}: it was skipped.",
            input.Describe(), Group.MemberType == LicenseType.Device
                ? "Pipe devices (rows with a SerialNumber column) into a device group."
                : "Pipe users (rows with a ClientUserId column) into a user group.");
    }

    protected override void Process()
    {
        var given = Piped is { Kind: not PipedKind.Text } piped ? new[] { piped.Text(MemberProperty)! }
            : Piped is { } text ? new[] { (string)text.Value.BaseObject }
            : Member ?? new string[0];
        foreach (var member in given.Select(m => m?.Trim() ?? string.Empty))
        {
            var valid = Group.MemberType == LicenseType.Device ? TargetNames.IsSerialNumber(member) : TargetNames.IsClientUserId(member) && !TargetNames.HasWildcard(member);
            if (!valid)
            {
                WriteTargetError(TargetNames.HasWildcard(member) ? TargetNames.WildcardTarget(member)
                    : Group.MemberType == LicenseType.Device ? TargetNames.InvalidSerial(member) : TargetNames.InvalidUser(member));
            }
            else if (!members.Contains(member))
            {
                members.Add(member);
            }
        }
    }

    /// <summary>Stops when no member was typed or piped at all; an empty pipeline changes nothing and says so.</summary>
    protected bool AnyMemberGiven()
    {
        if (Members.Count > 0) return true;
        if (!MyInvocation.ExpectingInput && Member is null)
        {
            throw new VppException(VppErrorIds.NoTargetGiven, VppErrorCategory.InvalidArgument,
                $"{MyInvocation.MyCommand.Name} was given no member: nothing was changed.", GroupName,
                "Name them with -Member, or pipe devices or users.");
        }

        WriteNote($"No usable member was given: group '{GroupName}' was not changed.");
        return false;
    }

    /// <summary>For each assignment that names the group: assign to (or reclaim from) the given members. Under -WhatIf, announces the same.</summary>
    protected void FollowDesiredAssignments(VppGroup group, IReadOnlyList<string> changed, bool reclaim, bool force)
    {
        if (changed.Count == 0) return;
        foreach (var desired in new DesiredState(Store).ForGroup(group.GroupName).GroupBy(d => d.TokenId))
        {
            var token = ResolveLicensingToken(desired.Key);
            foreach (var assignment in desired)
            {
                var keep = reclaim ? changed.Where(m => !new DesiredState(Store).IsDesiredDirectly(token.TokenId, assignment.AdamId, assignment.PricingParam, m)).ToList() : changed.ToList();
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
