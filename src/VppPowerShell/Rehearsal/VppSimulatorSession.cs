using System;

namespace VppPowerShell.Rehearsal;

/// <summary>
/// One simulated location (or legacy VPP account) served by the simulator of Apple's service
/// running in this PowerShell session, for rehearsing runbooks.
/// </summary>
public sealed class VppSimulatorSession
{
    internal VppSimulatorSession(string serviceUrl, int port, string tokenFilePath, string locationName, string organizationName,
        string countryCode, int assets, int assignments, int users, DateTimeOffset startedOn,
        string locationUId = "", bool isLegacy = false, string legacyServiceUrl = "", string? movedFromLegacyAccount = null)
    {
        ServiceUrl = serviceUrl;
        Port = port;
        TokenFilePath = tokenFilePath;
        LocationName = locationName;
        OrganizationName = organizationName;
        CountryCode = countryCode;
        Assets = assets;
        Assignments = assignments;
        Users = users;
        StartedOn = startedOn;
        LocationUId = locationUId;
        IsLegacy = isLegacy;
        LegacyServiceUrl = legacyServiceUrl;
        MovedFromLegacyAccount = movedFromLegacyAccount;
    }

    /// <summary>
    /// Give it to Add-VppToken -ServiceUrl (it binds by property name): the simulator's v2 service for a
    /// location, its legacy service configuration URL for a legacy account (Add-VppToken -Legacy).
    /// </summary>
    public string ServiceUrl { get; }

    public int Port { get; }

    /// <summary>The simulated location's token file; Add-VppToken -Path binds to it by property name.</summary>
    public string TokenFilePath { get; }

    /// <summary>The location's name (for a legacy account, the name it was started with).</summary>
    public string LocationName { get; }

    public string OrganizationName { get; }

    public string CountryCode { get; }

    public int Assets { get; }

    /// <summary>Licenses assigned at the start (for a location a legacy account moved into, the assignments that moved).</summary>
    public int Assignments { get; }

    public int Users { get; }

    public DateTimeOffset StartedOn { get; }

    /// <summary>Apple's id of the location (or legacy account); each one started in a session has its own.</summary>
    public string LocationUId { get; }

    /// <summary>A legacy VPP account (Start-VppSimulator -Legacy): its token is added with Add-VppToken -Legacy.</summary>
    public bool IsLegacy { get; }

    /// <summary>The simulator's legacy service configuration URL, for Import-VppAssignment -LegacyServiceUrl.</summary>
    public string LegacyServiceUrl { get; }

    /// <summary>The legacy account whose licenses moved into this location (Start-VppSimulator -FromLegacyAccount), or null.</summary>
    public string? MovedFromLegacyAccount { get; }

    public override string ToString() => IsLegacy
        ? $"Simulator at {ServiceUrl} (legacy account {LocationName})"
        : $"Simulator at {ServiceUrl} ({LocationName})";
}
