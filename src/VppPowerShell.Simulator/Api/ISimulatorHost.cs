using System;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Api;

/// <summary>
/// What the routers use of the simulator (<see cref="AppleSimulator"/> implements it): addresses, knobs,
/// statistics, the content catalog, token lookup and invitations.
/// </summary>
internal interface ISimulatorHost
{
    Uri RootUri { get; }
    Uri BaseUri { get; }
    Uri ContentLookupUri { get; }
    Uri LegacyBaseUri { get; }
    SimulatorOptions Options { get; }
    SimulatorStatistics Statistics { get; }
    ContentCatalog Catalog { get; }

    SimToken? FindToken(string? bearer);

    LegacyToken? FindLegacyToken(string? sToken);

    /// <summary>Accepts the invitation of <paramref name="inviteCode"/> in whichever location or legacy account issued it.</summary>
    bool AcceptInvitation(string inviteCode, string? appleAccount);
}
