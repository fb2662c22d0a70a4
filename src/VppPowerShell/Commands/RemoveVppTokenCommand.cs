using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.ReadModels;

namespace VppPowerShell.Commands;

/// <summary>Removes a token, and its apps and assignments, from the store only.</summary>
/// <remarks>
/// removing a token does not revoke its licenses at Apple and does not uninstall apps.
/// Its licenses stay assigned, and once the token is removed this module can no longer revoke
/// them. To free every license, revoke them first, then remove the token: -RevokeLicenses does
/// both, in that order, and keeps the token if any license could not be revoked.
/// From the pipeline it takes token objects (Get-VppToken) and names, nothing else: a user, asset
/// or assignment row carries its token's id but never names the whole token (InputNotAToken).
/// </remarks>
/// <example>
/// <code>Remove-VppToken -Name 'Old Location'</code>
/// <para>Asks for confirmation, then removes the token from the store.</para>
/// </example>
/// <example>
/// <code>Remove-VppToken -Name 'Old Location' -RevokeLicenses</code>
/// <para>Revokes every revocable license of the token at Apple, then removes it from the store.</para>
/// </example>
/// <example>
/// <code>Get-VppToken -ExpiringWithin 0 | Remove-VppToken -Force</code>
/// <para>Removes every expired token without prompting.</para>
/// </example>
[Cmdlet(VerbsCommon.Remove, "VppToken", DefaultParameterSetName = ByNameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = ModuleLinks.Docs + "Remove-VppToken.md")]
[OutputType(typeof(void))]
public sealed class RemoveVppTokenCommand : VppTokenCmdlet
{
    /// <summary>Do not prompt for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>First revoke every revocable license of the token at Apple, then remove it.</summary>
    [Parameter]
    public SwitchParameter RevokeLicenses { get; set; }

    protected override void Process()
    {
        var token = TargetToken();
        if (RevokeLicenses.IsPresent)
        {
            RemoveWithLicenses(token);
            return;
        }

        if (token.IsLegacy && !Force.IsPresent && new LicenseQueries(Store).Assignments(new[] { token.TokenId }).Any())
        {
            throw new VppException(VppErrorIds.MigrationWouldRecreateAssignments, VppErrorCategory.InvalidOperation,
                $"Token '{token.Name}' is a legacy VPP token with assignments. Removing it would force re-creating every one of them on the new location. Nothing was changed.",
                token, $"Move it onto its location instead: Move-VppToken -Name '{token.Name}' -Path <location .vpptoken>. -Force removes it anyway.");
        }

        var held = new LicenseQueries(Store).Assignments(new[] { token.TokenId }).Count();
        var consequence = held == 0
            ? "At the last sync Apple showed no license assigned with it."
            : $"Its {held} license(s) stay assigned at Apple and their apps stay installed; after removal VppPowerShell can no longer revoke them.";
        foreach (var job in new LicensingService(Store, ModuleSettings.AppleClient).Jobs(tokenId: token.TokenId, unfinishedOnly: true))
        {
            WriteCaution($"Job {job.JobId} ({job.Kind}: {job.Description}) of token '{token.Name}' was not finished, and can no longer be once the token is removed. " +
                "Run Resume-VppJob for it before removing a token whose licenses should be freed.");
        }

        if (!ShouldChange(token.Name, $"Remove token (TokenId {token.TokenId}) with its apps and assignments from the store. {consequence}",
                Force.IsPresent))
        {
            return;
        }

        Tokens.Remove(token.TokenId);
        WriteOutcome($"Removed token '{token.Name}' from the store.");
        if (held == 0) WriteNote(consequence);
        else WriteCaution($"Token '{token.Name}' is gone from the store. {consequence}");
    }

    private void RemoveWithLicenses(Core.Tokens.VppToken token)
    {
        var licensing = new LicensingService(Store, ModuleSettings.AppleClient);
        if (!FinishInterruptedJobs(licensing, token)) return;
        var queries = new LicenseQueries(Store);
        var holders = licensing.Holders(token);
        var plan = RunWork((_, cancellation) => licensing.PlanRevokeAsync(token, holders, cancellation));
        if (!ShouldChange(token.Name, $"Revoke every revocable license of token (TokenId {token.TokenId}) at Apple ({plan.Summary()}), then remove the token from the store",
                Force.IsPresent))
        {
            return;
        }

        var before = queries.Assignments(new[] { token.TokenId }).Count();
        var job = RunWork((progress, cancellation) => licensing.RunAsync(licensing.Journal("Revoke", token, "Revoke every license before removing the token", plan), false, progress, 1, cancellation));
        if (job.Failed > 0 || job.Pending > 0)
        {
            throw new VppException(VppErrorIds.TokenNotUsable, VppErrorCategory.InvalidOperation,
                $"{job.Failed + job.Pending} device(s) and user(s) of token '{token.Name}' could not have their licenses revoked, so the token was kept.", token,
                $"See Get-VppJob -JobId {job.JobId} -Targets, fix the cause, and run the command again.");
        }

        var kept = queries.Assignments(new[] { token.TokenId }).Count();
        Tokens.Remove(token.TokenId);
        WriteOutcome($"Revoked {before - kept} license(s) of {job.Removed} device(s) and user(s), and removed token '{token.Name}'.");
        if (kept > 0) WriteCaution($"{kept} license(s) of token '{token.Name}' cannot be revoked (books): they stay with their users, and VppPowerShell can no longer see them.");
    }
}
