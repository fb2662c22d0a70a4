using System.Linq;
using System;
using System.Collections.Generic;
using VppPowerShell.Core.ReadModels;

namespace VppPowerShell.Core.Licensing;

/// <summary>A named set of users or devices that assignments can target (from Entra, a CSV, anything).</summary>
public sealed class VppGroup
{
    internal VppGroup(int groupId, string groupName, LicenseType memberType, int memberCount, DateTimeOffset createdOn, IReadOnlyList<string> members)
    {
        GroupId = groupId;
        GroupName = groupName;
        MemberType = memberType;
        MemberCount = memberCount;
        CreatedOn = createdOn;
        Members = new JoinedList<string>(members.ToList(), "; ");
    }

    public int GroupId { get; }

    public string GroupName { get; }

    /// <summary>Device (serial numbers) or User (client user ids).</summary>
    public LicenseType MemberType { get; }

    public int MemberCount { get; }

    public DateTimeOffset CreatedOn { get; }

    public IReadOnlyList<string> Members { get; }

    public override string ToString() => $"{GroupName} ({MemberCount} {MemberType.ToString().ToLowerInvariant()}s)";
}
