using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Core.Reports;

/// <summary>How soon a finding needs attention.</summary>
public enum FindingSeverity
{
    Critical,
    Warning,
    Notice,
}

/// <summary>Something in a report an admin should act on, with what to do, in plain words.</summary>
public sealed class ReportFinding
{
    internal ReportFinding(FindingSeverity severity, string kind, string title, string whatToDo, int? tokenId = null, string? adamId = null)
    {
        Severity = severity;
        Kind = kind;
        Title = title;
        WhatToDo = whatToDo;
        TokenId = tokenId;
        AdamId = adamId;
    }

    public FindingSeverity Severity { get; }

    /// <summary>TokenExpiry, TokenState, SyncFailed, Oversubscribed, Failures, DesiredNotAssigned, AssignedNotDesired or StaleCounts.</summary>
    public string Kind { get; }

    public string Title { get; }

    public string WhatToDo { get; }

    public int? TokenId { get; }

    public string? AdamId { get; }

    public override string ToString() => $"{Severity}: {Title}";
}

/// <summary>Derives the findings of a report, most urgent first.</summary>
public static class ReportFindings
{
    /// <summary>Counts older than this are worth a sync (R-T6 syncs twice a day; R-R8 counts settle within hours).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromDays(1);

    public static IReadOnlyList<ReportFinding> For(IReadOnlyList<VppToken> tokens, IReadOnlyList<VppLicenseReport> assets, DateTimeOffset now)
    {
        var findings = new List<ReportFinding>();
        foreach (var token in tokens)
        {
            var renew = $"Download a new token for this location from Apple Business Manager or Apple School Manager and run Set-VppToken -Name '{token.Name}' -Path <file>: its apps and assignments are kept.";
            var level = TokenExpiryLevels.For(token);
            var date = token.ExpiresOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            switch (level)
            {
                case TokenExpiryLevel.Expired:
                    findings.Add(new ReportFinding(FindingSeverity.Critical, "TokenExpiry", $"Token '{token.Name}' expired on {date}: Apple refuses every change and sync made with it.", renew, token.TokenId));
                    break;
                case TokenExpiryLevel.Within7Days:
                    findings.Add(new ReportFinding(FindingSeverity.Critical, "TokenExpiry", $"Token '{token.Name}' expires in {Days(token.DaysUntilExpiry)}, on {date}.", renew, token.TokenId));
                    break;
                case TokenExpiryLevel.Within14Days:
                case TokenExpiryLevel.Within30Days:
                    findings.Add(new ReportFinding(FindingSeverity.Warning, "TokenExpiry", $"Token '{token.Name}' expires in {Days(token.DaysUntilExpiry)}, on {date}.", renew, token.TokenId));
                    break;
            }

            switch (token.State)
            {
                case TokenState.Invalid:
                    findings.Add(new ReportFinding(FindingSeverity.Critical, "TokenState", $"Apple no longer accepts token '{token.Name}' (invalid: revoked or replaced).", renew, token.TokenId));
                    break;
                case TokenState.AssignedToExternalMdm:
                    findings.Add(new ReportFinding(FindingSeverity.Critical, "TokenState",
                        $"Token '{token.Name}' is used by another management system{(token.ExternalMdm is null ? string.Empty : $" ({token.ExternalMdm})")}.",
                        $"A token is managed by one system at a time. If this store should manage it, run Set-VppToken -Name '{token.Name}' -TakeControl; otherwise remove it here with Remove-VppToken.", token.TokenId));
                    break;
                case TokenState.DuplicateLocation:
                    findings.Add(new ReportFinding(FindingSeverity.Warning, "TokenState", $"Token '{token.Name}' is for a location another token of this store already manages.",
                        "Keep one token per location: remove the duplicate with Remove-VppToken (this does not revoke licenses).", token.TokenId));
                    break;
            }

            if (token.SyncState == SyncState.Failed)
            {
                findings.Add(new ReportFinding(FindingSeverity.Warning, "SyncFailed", $"The last sync of token '{token.Name}' failed{(token.LastSyncError is null ? "." : ": " + token.LastSyncError)}",
                    $"Fix the cause, then run Sync-VppToken -Name '{token.Name}'. Until then the counts below are those of the last successful sync.", token.TokenId));
            }
        }

        // The pools closest to running out first, so the most licenses missing lead each severity.
        foreach (var asset in Scarcity.Order(assets))
        {
            var label = $"{asset.Name ?? asset.AdamId} ({asset.AdamId}) on token '{asset.TokenName}'";
            if (asset.IsOversubscribed)
            {
                var reclaim = asset.AssignedNotDesiredCount > 0
                    ? $" {asset.AssignedNotDesiredCount} of its licenses are held by targets nobody asked for here: reclaiming them with Remove-VppAssignment frees licenses too."
                    : string.Empty;
                findings.Add(new ReportFinding(FindingSeverity.Critical, "Oversubscribed",
                    $"{label}: {asset.DesiredCount} targets are meant to have it, but only {asset.TotalCount} licenses exist: {asset.LicensesNeeded} more are needed.",
                    $"Buy {asset.LicensesNeeded} more licenses in Apple Business Manager or Apple School Manager (or assign it to fewer targets), run Sync-VppToken, then run Set-VppAssignment again: the targets that failed get the new licenses.{reclaim}",
                    asset.TokenId, asset.AdamId));
            }

            foreach (var failure in asset.Failures)
            {
                if (failure.ErrorId == VppErrorIds.NoLicenseAvailable && asset.IsOversubscribed) continue;
                findings.Add(new ReportFinding(FindingSeverity.Warning, "Failures",
                    $"{label}: {failure.Count} target(s) failed with {failure.ErrorId}.", FailureAdvice.For(failure.ErrorId), asset.TokenId, asset.AdamId));
            }

            var failedMissing = asset.Failures.Sum(f => f.Count);
            if (asset.DesiredNotAssignedCount > 0 && asset.DesiredNotAssignedCount > failedMissing)
            {
                findings.Add(new ReportFinding(FindingSeverity.Warning, "DesiredNotAssigned",
                    $"{label}: {asset.DesiredNotAssignedCount} target(s) were assigned here but do not hold a license at Apple.",
                    "If the change is recent, wait a few hours and run Sync-VppToken (Apple's counts settle within hours). Otherwise assign them again: (Get-VppLicenseReport -AdamId " +
                    asset.AdamId + $" -TokenId {asset.TokenId}).DesiredNotAssigned | Set-VppAssignment. Someone may have removed them at Apple or in another system.",
                    asset.TokenId, asset.AdamId));
            }

            if (asset.AssignedNotDesiredCount > 0)
            {
                var none = asset.DesiredCount == 0 ? " (no assignment of it was made with this module)" : string.Empty;
                findings.Add(new ReportFinding(FindingSeverity.Notice, "AssignedNotDesired",
                    $"{label}: Apple shows {asset.AssignedNotDesiredCount} license(s) assigned to targets nobody asked for here{none}.",
                    "They were assigned outside this module (another management system, Apple's portal) or removed here without reaching Apple. To keep them, record them with Set-VppAssignment; to reclaim them: (Get-VppLicenseReport -AdamId " +
                    asset.AdamId + $" -TokenId {asset.TokenId}).AssignedNotDesired | Remove-VppAssignment.",
                    asset.TokenId, asset.AdamId));
            }
        }

        foreach (var stale in assets.Where(a => now - a.LastConfirmedOn > StaleAfter).GroupBy(a => a.TokenId))
        {
            var oldest = stale.Min(a => a.LastConfirmedOn);
            var token = stale.First();
            findings.Add(new ReportFinding(FindingSeverity.Notice, "StaleCounts",
                $"Apple last confirmed the counts of token '{token.TokenName}' {Days((int)Math.Floor((now - oldest).TotalDays))} ago ({oldest.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC).",
                $"Run Sync-VppToken -Name '{token.TokenName}' for current counts.", token.TokenId));
        }

        return findings.OrderBy(f => f.Severity).ToList();
    }

    internal static string Days(int days) => days == 1 ? "1 day" : days.ToString(CultureInfo.InvariantCulture) + " days";
}
