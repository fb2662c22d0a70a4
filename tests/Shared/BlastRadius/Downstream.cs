using System.Collections.Generic;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>The state-changing commands a pipeline ends in (a cmdlet, or a cmdlet with a switch that changes what it means).</summary>
public enum DownstreamKind
{
    Revoke,
    RevokeAll,
    RemoveAssignment,
    SetAssignment,
    Convert,
    RemoveToken,
    RemoveTokenRevokingLicenses,
    SetToken,
    AddGroupMember,
    RemoveGroupMember,
    RemoveGroup,
    SetDevice,
    ResumeJob,
}

/// <summary>
/// The state-changing end of a pipeline: the command and what was typed on its command line. It
/// never prompts: -Force, or -Confirm:$false where -Force means something else.
/// </summary>
public sealed record Downstream(DownstreamKind Kind)
{
    /// <summary>-StorePath $A or $B, typed.</summary>
    public StoreName? StorePath { get; init; }

    /// <summary>-TokenName typed (for Remove-VppToken and Set-VppToken: -Name).</summary>
    public string? TokenName { get; init; }

    /// <summary>-AdamId typed (always, for Set-VppAssignment).</summary>
    public string? AdamId { get; init; }

    /// <summary>-GroupName typed, for Add-VppGroupMember and Remove-VppGroupMember.</summary>
    public string? GroupName { get; init; }

    public string? NewName { get; init; }

    public string? CountryCode { get; init; }

    public bool WhatIf { get; init; }

    public string Command => Kind switch
    {
        DownstreamKind.Revoke or DownstreamKind.RevokeAll => "Revoke-VppLicense",
        DownstreamKind.RemoveAssignment => "Remove-VppAssignment",
        DownstreamKind.SetAssignment => "Set-VppAssignment",
        DownstreamKind.Convert => "Convert-VppLicense",
        DownstreamKind.RemoveToken or DownstreamKind.RemoveTokenRevokingLicenses => "Remove-VppToken",
        DownstreamKind.SetToken => "Set-VppToken",
        DownstreamKind.AddGroupMember => "Add-VppGroupMember",
        DownstreamKind.RemoveGroupMember => "Remove-VppGroupMember",
        DownstreamKind.RemoveGroup => "Remove-VppGroup",
        DownstreamKind.SetDevice => "Set-VppDevice",
        _ => "Resume-VppJob",
    };

    /// <summary>Remove-VppToken and Set-VppToken: the token is typed with -Name.</summary>
    public bool IsTokenCommand => Kind is DownstreamKind.RemoveToken or DownstreamKind.RemoveTokenRevokingLicenses or DownstreamKind.SetToken;

    /// <summary>The commands with -TokenName (the licensing ones, group members included).</summary>
    public bool TakesTokenName => Kind is DownstreamKind.Revoke or DownstreamKind.RevokeAll or DownstreamKind.RemoveAssignment or DownstreamKind.SetAssignment
        or DownstreamKind.Convert or DownstreamKind.AddGroupMember or DownstreamKind.RemoveGroupMember;

    /// <summary>The commands with an -AdamId that may be typed or left to the rows.</summary>
    public bool TakesAdamId => Kind is DownstreamKind.Revoke or DownstreamKind.RevokeAll or DownstreamKind.RemoveAssignment or DownstreamKind.Convert;

    public string Text
    {
        get
        {
            var parts = new List<string> { Command };
            if (Kind == DownstreamKind.RevokeAll) parts.Add("-All");
            if (Kind == DownstreamKind.Convert) parts.Add("-ToDevice");
            if (Kind == DownstreamKind.RemoveTokenRevokingLicenses) parts.Add("-RevokeLicenses");
            if (GroupName is not null) parts.Add("-GroupName " + Quote(GroupName));
            if (NewName is not null) parts.Add("-NewName " + Quote(NewName));
            if (CountryCode is not null) parts.Add("-CountryCode " + CountryCode);
            if (AdamId is not null) parts.Add("-AdamId " + AdamId);
            if (TokenName is not null) parts.Add((IsTokenCommand ? "-Name " : "-TokenName ") + Quote(TokenName));
            if (StorePath is { } store) parts.Add("-StorePath $" + store);
            parts.Add(UsesForce ? "-Force" : "-Confirm:$false");
            if (WhatIf) parts.Add("-WhatIf");
            return string.Join(" ", parts);
        }
    }

    /// <summary>-Force where it only skips the prompt; elsewhere (Set-VppToken, Resume-VppJob, ...) -Confirm:$false.</summary>
    private bool UsesForce => Kind is DownstreamKind.Revoke or DownstreamKind.RevokeAll or DownstreamKind.RemoveAssignment or DownstreamKind.Convert
        or DownstreamKind.RemoveToken or DownstreamKind.RemoveTokenRevokingLicenses or DownstreamKind.RemoveGroupMember or DownstreamKind.RemoveGroup;

    private static string Quote(string text) => "'" + text.Replace("'", "''") + "'";
}
