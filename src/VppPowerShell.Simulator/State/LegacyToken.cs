using System;

namespace VppPowerShell.Simulator.State;

/// <summary>One issued legacy sToken of a buyer (v1: the whole file content, sent as <c>sToken</c> in bodies).</summary>
internal sealed class LegacyToken : IssuedToken
{
    public LegacyToken(SimulatedLegacyAccount account, string organizationName, DateTimeOffset expiresOn)
        : base(organizationName, expiresOn)
    {
        Account = account;
    }

    public SimulatedLegacyAccount Account { get; }
}
