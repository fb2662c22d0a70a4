using System.Management.Automation;

namespace VppPowerShell.Commands;

/// <summary>Removes a token, and its apps and assignments, from the store only.</summary>
/// <remarks>
/// R-T8: removing a token does not revoke its licenses at Apple and does not uninstall apps.
/// Its licenses stay assigned, and once the token is removed this module can no longer revoke
/// them. To free every license, revoke them first, then remove the token.
/// </remarks>
/// <example>
/// <code>Remove-VppToken -Name 'Old Location'</code>
/// <para>Asks for confirmation, then removes the token from the store.</para>
/// </example>
/// <example>
/// <code>Get-VppToken -ExpiringWithin 0 | Remove-VppToken -Force</code>
/// <para>Removes every expired token without prompting.</para>
/// </example>
[Cmdlet(VerbsCommon.Remove, "VppToken", DefaultParameterSetName = ByNameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveVppTokenCommand : VppTokenCmdlet
{
    /// <summary>Do not prompt for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get => GetSwitch(); set => SetSwitch(value); }

    protected override void Process()
    {
        var token = TargetToken();
        var consequence = "Its licenses stay assigned at Apple and its apps stay installed; after removal VppPowerShell can no longer revoke them.";
        if (!ShouldChange(token.Name, $"Remove token (TokenId {token.TokenId}) with its apps and assignments from the store. {consequence}",
                IsSwitchOn(nameof(Force)), highImpact: true))
        {
            return;
        }

        Tokens.Remove(token.TokenId);
        WriteCaution($"Removed token '{token.Name}' from the store. {consequence}");
    }
}
