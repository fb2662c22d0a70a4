namespace VppPowerShell.Core.Tokens;

/// <summary>What Set-VppToken changes; null leaves a field as it is.</summary>
public sealed class TokenChanges
{
    public string? NewName { get; init; }

    public string? CountryCode { get; init; }

    public bool? AutomaticAppUpdates { get; init; }

    /// <summary>A new token file for the same record (R-T2 renewal).</summary>
    public TokenSource? Renewal { get; init; }

    /// <summary>Accept a renewal file issued for another organization name.</summary>
    public bool AllowOrganizationChange { get; init; }

    /// <summary>The location Apple says the renewal file is for (checked against the record's).</summary>
    public string? RenewalLocationUid { get; init; }

    public bool IsEmpty => NewName is null && CountryCode is null && AutomaticAppUpdates is null && Renewal is null;
}
