using System;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Api;

/// <summary>One issued content token of a location (v2: the bearer string is the whole file content).</summary>
internal sealed class SimToken : IssuedToken
{
    public SimToken(IServedLocation location, string organizationName, DateTimeOffset expiresOn)
        : base(organizationName, expiresOn)
    {
        Location = location;
    }

    public IServedLocation Location { get; }
}
