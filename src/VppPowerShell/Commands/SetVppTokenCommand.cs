using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using VppPowerShell.Core;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Commands;

/// <summary>Changes a token's settings, or renews it with a new token file.</summary>
/// <remarks>
/// Renames the token, changes its country or region store (app metadata follows on the next
/// sync, R-T5), or turns automatic app updates on or off. With -Path (or -Token) it renews the
/// token: the new file goes onto the existing record, so its apps, assignments and history are
/// kept (R-T2). A file issued for another organization is refused unless -Force is given.
/// </remarks>
/// <example>
/// <code>Set-VppToken -Name 'Contoso Paris' -Path ./sToken_for_Paris.vpptoken</code>
/// <para>Renews the token with the file downloaded this year.</para>
/// </example>
/// <example>
/// <code>Get-VppToken 'Contoso *' | Set-VppToken -AutomaticAppUpdates:$false</code>
/// <para>Turns automatic app updates off for every Contoso token.</para>
/// </example>
[Cmdlet(VerbsCommon.Set, "VppToken", DefaultParameterSetName = ByNameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
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
    public SwitchParameter AutomaticAppUpdates { get => GetSwitch(); set => SetSwitch(value); }

    /// <summary>A new .vpptoken file for this token's location: renews the token and keeps everything else.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>The content of a new .vpptoken file, as a SecureString: renews the token.</summary>
    [Parameter]
    public SecureString? Token { get; set; }

    /// <summary>Accept a renewal file issued for another organization name, and do not prompt.</summary>
    [Parameter]
    public SwitchParameter Force { get => GetSwitch(); set => SetSwitch(value); }

    /// <summary>Write the changed token to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get => GetSwitch(); set => SetSwitch(value); }

    protected override void Process()
    {
        if (Path is not null && Token is not null)
        {
            throw new VppException(VppErrorIds.RenewalSourceAmbiguous, VppErrorCategory.InvalidArgument,
                "Give the new token as -Path or as -Token, not both.", target: Path,
                recommendedAction: "Keep one of -Path and -Token.");
        }

        var changes = new TokenChanges
        {
            NewName = NewName,
            CountryCode = CountryCode,
            AutomaticAppUpdates = IsSwitchGiven(nameof(AutomaticAppUpdates)) ? IsSwitchOn(nameof(AutomaticAppUpdates)) : null,
            Renewal = Path is not null ? TokenSource.FromFile(ResolvePath(Path))
                : Token is not null ? TokenSource.FromSecureString(Token) : null,
            AllowOrganizationChange = IsSwitchOn(nameof(Force)),
        };
        if (changes.IsEmpty)
        {
            throw new VppException(VppErrorIds.NoChangeGiven, VppErrorCategory.InvalidArgument,
                "Set-VppToken was given nothing to change.", target: Name,
                recommendedAction: "Add -NewName, -CountryCode, -AutomaticAppUpdates, or -Path to renew the token.");
        }

        var token = TargetToken();
        if (!ShouldChange(token.Name, Describe(changes), IsSwitchOn(nameof(Force))))
        {
            return;
        }

        var updated = Tokens.Update(token.TokenId, changes);
        WriteNote($"Updated token '{updated.Name}' (TokenId {updated.TokenId}).");
        if (changes.Renewal is not null) WarnIfExpiring(updated);
        if (IsSwitchOn(nameof(PassThru))) WriteOutput(updated);
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
