namespace VppPowerShell.Simulator.Model;

/// <summary>
/// Snapshot of one legacy (v1) license pool (API §13.3 <c>VppAsset</c>). Refunded licenses are
/// not counted; <c>AssignedCount + AvailableCount == TotalCount</c>; <c>RetiredCount</c> is the
/// part of <c>AssignedCount</c> held by retired user records (irrevocable licenses, i.e. books).
/// </summary>
public sealed record SimLegacyAsset(
    string AdamId,
    string PricingParam,
    int ProductTypeId,
    string ProductTypeName,
    bool IsIrrevocable,
    bool DeviceAssignable,
    int TotalCount,
    int AssignedCount,
    int AvailableCount,
    int RetiredCount);

/// <summary>
/// Snapshot of one legacy license (API §13.3 <c>VppLicense</c>): a seat with a stable id.
/// <c>Status</c> is <c>Available</c>, <c>Associated</c> or <c>Refunded</c>. An associated
/// license names either a user record (<c>UserId</c>, <c>ClientUserId</c>, <c>ItsIdHash</c> when
/// the user has an Apple Account) or a device (<c>SerialNumber</c>).
/// </summary>
public sealed record SimLegacyLicense(
    long LicenseId,
    string AdamId,
    string PricingParam,
    int ProductTypeId,
    string ProductTypeName,
    bool IsIrrevocable,
    string Status,
    long? UserId,
    string? ClientUserId,
    string? ItsIdHash,
    string? SerialNumber);

/// <summary>
/// Snapshot of one legacy user record (API §13.3 <c>VppUser</c>). <c>Status</c> is
/// <c>Registered</c> (invited: <c>InviteCode</c>), <c>Associated</c> (accepted: <c>ItsIdHash</c>)
/// or <c>Retired</c>. A clientUserId may have several records: retired ones plus at most one active.
/// </summary>
public sealed record SimLegacyUser(
    long UserId,
    string ClientUserId,
    string? Email,
    string Status,
    string? ItsIdHash,
    string? InviteCode,
    string? ManagedAppleId);

/// <summary>What the v1 token of a legacy account does after every license moved to a location.</summary>
public enum LegacyTokenAfterMove
{
    /// <summary>Every v1 call answers 9625 (sToken revoked).</summary>
    Revoked,

    /// <summary>
    /// v1 calls still authenticate, find nothing (no assets, licenses or users), and
    /// <c>clientContext</c> reads <c>token being used in v2</c> (API §12.1).
    /// </summary>
    UsedInV2,
}

/// <summary>
/// The outcome of <see cref="SimulatedLegacyAccount.MoveToLocation"/> (API §14.3). A full move
/// (into an unused location) moves every license, assigned or not, with its users; a partial move
/// (into a location that already holds something) moves only the available licenses, and assigned
/// ones stay with the legacy token until they are unassigned there.
/// </summary>
public sealed record SimLegacyMove(
    bool Complete,
    int LicensesMoved,
    int AssignmentsMoved,
    int UsersMoved,
    int AssignedLicensesLeft);
