using System;

namespace VppPowerShell.Rehearsal;

/// <summary>A simulator of Apple's service running in this PowerShell session, for rehearsing runbooks.</summary>
public sealed class VppSimulatorSession
{
    internal VppSimulatorSession(string serviceUrl, int port, string tokenFilePath, string locationName, string organizationName,
        string countryCode, int assets, int assignments, int users, DateTimeOffset startedOn)
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
    }

    /// <summary>Give it to Add-VppToken -ServiceUrl (it binds by property name).</summary>
    public string ServiceUrl { get; }

    public int Port { get; }

    /// <summary>The simulated location's token file; Add-VppToken -Path binds to it by property name.</summary>
    public string TokenFilePath { get; }

    public string LocationName { get; }

    public string OrganizationName { get; }

    public string CountryCode { get; }

    public int Assets { get; }

    public int Assignments { get; }

    public int Users { get; }

    public DateTimeOffset StartedOn { get; }

    public override string ToString() => $"Simulator at {ServiceUrl} ({LocationName})";
}
