using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using VppPowerShell.Core;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Commands;

/// <summary>Changes a token's settings, or renews it with a new token file.</summary>
/// <remarks>
/// Renames the token, changes its country or region store (app metadata follows on the next
/// sync), or turns automatic app updates on or off. With -Path (or -Token) it renews the
/// token: the new file goes onto the existing record, so its apps, assignments and history are
/// kept. Apple is asked which location the new file is for: a file for another location,
/// or issued for another organization, is refused unless -Force is given. -TakeControl claims
/// the token back from a management system that took it over. From the pipeline it takes token
/// objects (Get-VppToken) and names only; other rows are refused (InputNotAToken).
/// </remarks>
/// <example>
/// <code>Set-VppToken -Name 'Contoso Paris' -Path ./sToken_for_Paris.vpptoken</code>
/// <para>Renews the token with the file downloaded this year.</para>
/// </example>
/// <example>
/// <code>Get-VppToken 'Contoso *' | Set-VppToken -AutomaticAppUpdates:$false</code>
/// <para>Turns automatic app updates off for every Contoso token.</para>
/// </example>
[Cmdlet(VerbsCommon.Set, "VppToken", DefaultParameterSetName = ByNameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = ModuleLinks.Docs + "Set-VppToken.md")]
[OutputType(typeof(VppToken))]
public sealed class SetVppTokenCommand : VppTokenCmdlet
{
    /// <summary>A new name for the token.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NewName { get; set; }

    /// <summary>The two-letter ISO code of the country or region store, for example US.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CountryCode { get; set; }

    /// <summary>Turn automatic updates of Required apps on, or off with -AutomaticAppUpdates:$false.</summary>
    [Parameter]
    public SwitchParameter AutomaticAppUpdates { get; set; }

    /// <summary>A new .vpptoken file for this token's location: renews the token and keeps everything else.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>The .vpptoken file, its name taken exactly as written (for names with [ or ]).</summary>
    [Parameter]
    [Alias("LP")]
    [ValidateNotNullOrEmpty]
    public string? LiteralPath { get; set; }

    /// <summary>The content of a new .vpptoken file, as a SecureString: renews the token.</summary>
    [Parameter]
    public SecureString? Token { get; set; }

    /// <summary>Claim the token back from another management system that holds it at Apple.</summary>
    [Parameter]
    public SwitchParameter TakeControl { get; set; }

    /// <summary>Accept a renewal file issued for another organization or location, and do not prompt.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write the changed token to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        var renewal = GivenToken(Path, LiteralPath, Token, "the new token");
        var takeControl = TakeControl.IsPresent;
        var automaticAppUpdates = IsGiven(nameof(AutomaticAppUpdates)) ? AutomaticAppUpdates.IsPresent : (bool?)null;
        if (NewName is null && CountryCode is null && automaticAppUpdates is null && renewal is null && !takeControl)
        {
            throw new VppException(VppErrorIds.NoChangeGiven, VppErrorCategory.InvalidArgument,
                "Set-VppToken was given nothing to change.", target: Name,
                recommendedAction: "Add -NewName, -CountryCode, -AutomaticAppUpdates, or -Path to renew the token.");
        }

        var token = TargetToken();

        // A renewal or a takeover first asks Apple who holds the token (with the new file's credential when renewing).
        Core.Apple.TokenClaim? claim = null;
        if (renewal is not null || takeControl)
        {
            claim = RunWork((_, cancellation) => Core.Apple.TokenClaim.InspectAsync(Store, Tokens, token, renewal, ModuleSettings.AppleClient, cancellation));
            if (claim.OtherOwnerName is not null)
            {
                if (!takeControl) throw claim.OwnedElsewhere();
                var query = $"Apple says '{claim.OtherOwnerName}' manages location '{claim.LocationName}'. Taking control makes this store its only manager. Take control?";
                if (!ShouldContinueWith(query, "Take control of the token from another management system", Force.IsPresent)) return;
            }
        }

        var changes = new TokenChanges
        {
            NewName = NewName,
            CountryCode = CountryCode,
            AutomaticAppUpdates = automaticAppUpdates,
            Renewal = renewal,
            AllowOrganizationChange = Force.IsPresent,
            RenewalLocationUid = claim?.LocationUid,
        };
        var action = changes.IsEmpty ? "Take control of the token at Apple" : Describe(changes) + (takeControl ? "; take control at Apple" : string.Empty);
        if (!ShouldChange(token.Name, action, Force.IsPresent))
        {
            return;
        }

        if (!changes.IsEmpty) Tokens.Update(token.TokenId, changes);
        if (claim is not null)
        {
            // After the record holds the new credential, so a claim made with it is never lost.
            RunWork(async (_, cancellation) =>
            {
                await claim.ClaimAsync(cancellation).ConfigureAwait(false);
                return true;
            });
            Tokens.MarkReclaimed(token.TokenId);
        }

        var updated = Tokens.Get(token.TokenId);
        WriteNote($"Updated token '{updated.Name}' (TokenId {updated.TokenId}).");
        if (changes.Renewal is not null) WarnIfExpiring(updated);
        if (PassThru.IsPresent) WriteOutput(updated);
    }

    private static string Describe(TokenChanges changes)
    {
        var parts = new List<string>();
        if (changes.NewName is not null) parts.Add($"rename to '{changes.NewName}'");
        if (changes.CountryCode is not null) parts.Add($"set country store to {changes.CountryCode.ToUpperInvariant()}");
        if (changes.AutomaticAppUpdates is { } on) parts.Add(on ? "turn automatic app updates on" : "turn automatic app updates off");
        if (changes.Renewal is not null) parts.Add($"renew with the token {changes.Renewal.Description}, keeping apps and assignments");
        return "Set token: " + string.Join("; ", parts);
    }
}
