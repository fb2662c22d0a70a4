using System.Management.Automation;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Commands;

/// <summary>Gets the location tokens in the store.</summary>
/// <remarks>
/// Lists tokens by name (wildcards allowed) or id, with their expiry, state and last sync.
/// -ExpiringWithin finds the tokens to renew soon, already expired ones included.
/// The token's secret is never part of the output.
/// </remarks>
/// <example>
/// <code>Get-VppToken</code>
/// <para>Lists every token in the store.</para>
/// </example>
/// <example>
/// <code>Get-VppToken -ExpiringWithin 30 | Format-Table Name, ExpiresOn, DaysUntilExpiry</code>
/// <para>Shows the tokens that expire within 30 days, or have expired.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "VppToken", DefaultParameterSetName = ByNameSet, HelpUri = ModuleLinks.Docs + "Get-VppToken.md")]
[OutputType(typeof(VppToken))]
public sealed class GetVppTokenCommand : VppTokenSelectionCmdlet
{
    /// <summary>Only tokens that expire within this many days, including those already expired.</summary>
    [Parameter]
    [ValidateRange(0, 3650)]
    public int? ExpiringWithin { get; set; }

    protected override void Process()
    {
        foreach (var token in SelectedTokens())
        {
            if (ExpiringWithin is { } days && token.DaysUntilExpiry > days) continue;
            WarnIfExpiring(token);
            WriteOutput(token);
        }
    }
}
