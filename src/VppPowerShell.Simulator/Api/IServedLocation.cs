using VppPowerShell.Simulator.Events;
using VppPowerShell.Simulator.Model;

namespace VppPowerShell.Simulator.Api;

/// <summary>
/// What the endpoints use of a location (<see cref="SimulatedLocation"/> implements it): the routers and
/// responses stay below the public facade that builds them.
/// </summary>
internal interface IServedLocation
{
    string UId { get; }
    string LocationName { get; }
    string CountryCode { get; }
    string DefaultPlatform { get; }
    string WebsiteUrl { get; }
    bool ReadOnly { get; }

    /// <summary>A v2 call authenticated with this location's token (v1 clientContext then reads "token being used in v2").</summary>
    bool UsedViaV2 { get; }

    LocationResponses Responses { get; }
    LocationWrites Writes { get; }

    void MarkUsedViaV2();

    /// <summary>Fault hook: another MDM claims the location now.</summary>
    void ClaimByOtherMdm(SimulatorFaults faults);

    /// <summary>Applies a POST client/config (already validated). Omitted = unchanged; empty string/array = cleared.</summary>
    void ApplyClientConfig(SimMdmInfo? mdmInfo, bool hasNotificationUrl, string? notificationUrl, string? notificationAuthToken, string[]? notificationTypes);
}
