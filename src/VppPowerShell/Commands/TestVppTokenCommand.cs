using System.Globalization;
using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Commands;

/// <summary>Tells whether a token can be used: $true or $false, or the details with -Detailed.</summary>
/// <remarks>
/// A token is usable when it has not expired, has not been marked invalid or claimed by another
/// management system, and its secret can be decrypted by the current user on this machine. A token
/// the store does not hold is $false too (with -Detailed, State NotFound).
/// </remarks>
/// <example>
/// <code>if (-not (Test-VppToken -Name 'Contoso Paris')) { throw 'Renew the Paris token' }</code>
/// <para>Stops a runbook early when the token cannot be used.</para>
/// </example>
/// <example>
/// <code>Get-VppToken | Test-VppToken -Detailed</code>
/// <para>Shows the state and days to expiry of every token.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "VppToken", DefaultParameterSetName = ByNameSet, HelpUri = ModuleLinks.Docs + "Test-VppToken.md")]
[OutputType(typeof(bool), typeof(TokenTestResult))]
public sealed class TestVppTokenCommand : VppTokenCmdlet
{
    /// <summary>Return the state, days to expiry and reason instead of $true or $false.</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    protected override bool ChangesToken => false;

    protected override void Process()
    {
        TokenTestResult result;
        try
        {
            result = Tokens.Test(TargetToken());
        }
        catch (VppException error) when (error.ErrorId == VppErrorIds.TokenNotFound)
        {
            // A runbook's "if (-not (Test-VppToken ...))" must get $false, not an error.
            result = TokenTestResult.NotFound(NamedToken().TokenId?.ToString(CultureInfo.InvariantCulture) ?? NamedToken().Name!);
        }

        if (Detailed.IsPresent) WriteOutput(result);
        else WriteOutput(result.IsValid);
    }
}
