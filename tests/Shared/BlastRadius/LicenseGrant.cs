using System;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>Which way a granted license may change.</summary>
public enum LicenseDirection
{
    Assign,
    TakeBack,
    Either,
}

/// <summary>
/// Licenses a pipeline may change: in one token of one store, of one asset (or any), of one
/// device or user (or any holder), in one direction.
/// </summary>
public sealed record LicenseGrant(StoreName Store, int TokenId, string? AdamId, string? Target, LicenseDirection Direction)
{
    public bool Covers(WorldChange change) =>
        change.Store == Store && change.TokenId == TokenId
        && (AdamId is null || string.Equals(AdamId, change.AdamId, StringComparison.Ordinal))
        && (Target is null || string.Equals(Target, change.Target, StringComparison.OrdinalIgnoreCase))
        && (Direction == LicenseDirection.Either || (Direction == LicenseDirection.Assign) == change.Added);

    public override string ToString()
    {
        var token = WorldLayout.Location(Store, TokenId)?.TokenName ?? $"TokenId {TokenId}";
        var verb = Direction switch { LicenseDirection.Assign => "assign", LicenseDirection.TakeBack => "take back", _ => "change" };
        return $"{verb} {(AdamId is null ? "every asset" : AdamId)} {(Target is null ? "of every holder" : "of " + Target)} in {token} (store {Store})";
    }
}
