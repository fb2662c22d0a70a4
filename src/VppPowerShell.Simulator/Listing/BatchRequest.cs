using VppPowerShell.Simulator.Paging;

namespace VppPowerShell.Simulator.Listing;

/// <summary>One batched v1 listing request (getVPPLicensesSrv, getVPPUsersSrv): its tokens and, for a first call, its filters.</summary>
internal sealed class BatchRequest
{
    public string? BatchToken { get; set; }
    public string? SinceModifiedToken { get; set; }
    public int? OverrideIndex { get; set; }
    /// <summary>Canonical filter (<see cref="LegacyBatchToken.Filters"/>); ignored when a batchToken is given.</summary>
    public string Filter { get; set; } = string.Empty;

    /// <summary>License filter parts, in the order the canonical filter keeps them.</summary>
    public static string LicenseFilter(string? adamId, string? pricingParam, string? serialNumber, bool assignedOnly, bool userAssignedOnly, bool deviceAssignedOnly) =>
        LegacyBatchToken.Filters(new[] { adamId, adamId is null ? null : pricingParam, serialNumber, Flag(assignedOnly), Flag(userAssignedOnly), Flag(deviceAssignedOnly) });

    public static string UserFilter(bool includeRetired, bool includeRetiredOnly) =>
        LegacyBatchToken.Filters(new[] { Flag(includeRetired), Flag(includeRetiredOnly) });

    private static string? Flag(bool value) => value ? "1" : null;
}
