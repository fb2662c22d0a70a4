using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core.Reports;

namespace VppPowerShell.Commands;

/// <summary>Reports, per app or book and token, the license counts, drift, failures, shortfall and token expiry.</summary>
/// <remarks>
/// One object per asset of each token's pool, read from the store with SQL aggregates (fast
/// on a million assignments). It carries Apple's counts (total, assigned, available, retired) and
/// when Apple last confirmed them (LastConfirmedOn); what was asked for with this module
/// against what Apple holds: DesiredNotAssigned (asked for, no license at Apple) and
/// AssignedNotDesired (a license at Apple nobody asked for here), groups counted as their members
/// and Uninstall not counted; Failures, the targets whose last change failed, grouped by error id;
/// LicensesNeeded, the desired targets beyond the total; and the token's DaysUntilExpiry
/// and ExpiryLevel (warnings at 30, 14 and 7 days). The lists name targets with the
/// TokenId, AdamId, SerialNumber and ClientUserId properties that Set-VppAssignment and
/// Remove-VppAssignment bind, so they can be piped into the fix. Counts are always complete; each
/// list holds at most -TargetLimit targets. A device assigned with user licensing counts as its
/// user (Set-VppDevice -PrimaryUser); one without a known user shows among the failures
/// (DeviceHasNoUser), not in the drift.
/// With -AcrossTokens, the same reports come grouped by app or book: one object per adamId with
/// its totals across the tokens (TokenCount, TotalCount, AssignedCount, AvailableCount,
/// LicensesNeeded, OversubscribedTokenCount, DaysUntilFirstExpiry), the pool closest to running out
/// (TightestPool) and every token's pool underneath (Pools, closest to running out first).
/// Licenses do not move between tokens: an app's LicensesNeeded is the sum of each pool's.
/// </remarks>
/// <example>
/// <code>Get-VppLicenseReport | Where-Object IsOversubscribed | Format-Table TokenName, Name, TotalCount, DesiredCount, LicensesNeeded</code>
/// <para>Shows the apps and books that need more licenses, and how many.</para>
/// </example>
/// <example>
/// <code>(Get-VppLicenseReport -TokenName 'Contoso Paris' -AdamId 361309726).AssignedNotDesired | Remove-VppAssignment -Force</code>
/// <para>Reclaims the Pages licenses that were assigned at Apple outside this module.</para>
/// </example>
/// <example>
/// <code>Get-VppLicenseReport | Select-Object -ExpandProperty Failures | Sort-Object Count -Descending | Format-Table AdamId, ErrorId, Count, Reason</code>
/// <para>Lists how many targets of every asset failed, by reason, the most frequent first.</para>
/// </example>
/// <example>
/// <code>Get-VppLicenseReport -AcrossTokens</code>
/// <para>Shows one line per app or book: its licenses added up across the tokens that bought it, how many are missing and in how many tokens (ShortIn), and the token's pool closest to running out.</para>
/// </example>
/// <example>
/// <code>Get-VppLicenseReport -AcrossTokens | Where-Object IsOversubscribed | Select-Object -ExpandProperty Pools | Format-Table TokenName, Name, TotalCount, LicensesNeeded</code>
/// <para>Finds the apps and books some token is short of, and lists each token's pool of them, the one closest to running out first.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "VppLicenseReport", HelpUri = ModuleLinks.Docs + "Get-VppLicenseReport.md")]
[OutputType(typeof(VppLicenseReport), typeof(VppAppLicenseReport))]
public sealed class GetVppLicenseReportCommand : VppTokenDataCmdlet
{
    /// <summary>Only these assets (adamId). Binds from the AdamId property of piped objects, such as Get-VppAsset's.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.AdamIdCompleter))]
    public string[]? AdamId { get; set; }

    /// <summary>The most targets each list (drift, failures) holds per asset; 0 for all. Counts are complete whatever the limit. Default 1000.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int TargetLimit { get; set; } = LicenseReports.DefaultTargetLimit;

    /// <summary>One object per app or book across the tokens, with its totals and every token's pool underneath (Pools).</summary>
    [Parameter]
    public SwitchParameter AcrossTokens { get; set; }

    protected override void Process()
    {
        var reports = new LicenseReports(Store).Build(SelectedTokenIds(), AdamId, TargetLimit);
        var truncated = reports.Any(report => report.DesiredNotAssigned.Count < report.DesiredNotAssignedCount
            || report.AssignedNotDesired.Count < report.AssignedNotDesiredCount || report.Failures.Any(f => f.Targets.Count < f.Count));
        if (AcrossTokens.IsPresent)
        {
            foreach (var app in VppAppLicenseReport.Group(reports)) WriteOutput(app);
        }
        else
        {
            foreach (var report in reports) WriteOutput(report);
        }

        if (truncated) WriteNote($"Some target lists hold only their first {TargetLimit} targets; the counts are complete. Use -TargetLimit 0 to list them all.");
    }
}
