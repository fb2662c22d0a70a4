using System;

namespace VppPowerShell.Simulator.State;

/// <summary>One issued content token of a location (v2: the bearer string is the whole file content).</summary>
internal sealed class SimToken : IssuedToken
{
    public SimToken(SimulatedLocation location, string organizationName, DateTimeOffset expiresOn)
        : base(organizationName, expiresOn)
    {
        Location = location;
    }

    public SimulatedLocation Location { get; }
}
