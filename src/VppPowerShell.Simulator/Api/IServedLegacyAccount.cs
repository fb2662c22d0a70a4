using VppPowerShell.Simulator.Model;

namespace VppPowerShell.Simulator.Api;

/// <summary>
/// What the v1 endpoints use of a legacy account (<see cref="SimulatedLegacyAccount"/> implements it): the
/// routers and responses stay below the public facade that builds them.
/// </summary>
internal interface IServedLegacyAccount
{
    string UId { get; }
    string AppleId { get; }
    string CountryCode { get; }
    string DefaultPlatform { get; }
    long OrganizationId { get; }
    string OrganizationIdHash { get; }
    LegacyAccountResponses Responses { get; }

    /// <summary>Fault hook: another MDM writes its clientContext now.</summary>
    void ClaimByOtherMdm(SimulatorFaults faults);
}
