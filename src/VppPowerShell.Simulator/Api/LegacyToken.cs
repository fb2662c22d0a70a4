using System;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Api;

/// <summary>One issued legacy sToken of a buyer (v1: the whole file content, sent as <c>sToken</c> in bodies).</summary>
internal sealed class LegacyToken : IssuedToken
{
    public LegacyToken(IServedLegacyAccount account, string organizationName, DateTimeOffset expiresOn)
        : base(organizationName, expiresOn)
    {
        Account = account;
    }

    public IServedLegacyAccount Account { get; }
}
