using System.Collections.Generic;

namespace VppPowerShell.Simulator.Model;

/// <summary>
/// Snapshot of one license pool. <c>AssignedCount + AvailableCount == TotalCount</c>;
/// <c>RetiredCount</c> is the part of <c>AssignedCount</c> still held by retired users
/// (irrevocable licenses, i.e. books; API §15.6).
/// </summary>
public sealed record SimAsset(
    string AdamId,
    string PricingParam,
    string ProductType,
    int TotalCount,
    int AssignedCount,
    int AvailableCount,
    int RetiredCount,
    bool DeviceAssignable,
    bool Revocable,
    IReadOnlyList<string> SupportedPlatforms);

/// <summary>Snapshot of one assignment: exactly one of <c>ClientUserId</c> / <c>SerialNumber</c> is set.</summary>
public sealed record SimAssignment(string AdamId, string PricingParam, string? ClientUserId, string? SerialNumber);

/// <summary>Snapshot of one user record (a clientUserId may have several: retired ones plus at most one active).</summary>
public sealed record SimUser(string ClientUserId, string? Email, string Status, string? InviteCode, string? IdHash, string? ManagedAppleId);

/// <summary>The mdmInfo a location carries (API §12).</summary>
public sealed record SimMdmInfo(string Id, string Name, string Metadata);
