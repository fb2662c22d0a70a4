using System.Management.Automation;
using VppPowerShell.Core.ReadModels;

namespace VppPowerShell.Commands;

/// <summary>Gets the users of the tokens' locations at Apple, as of the last sync.</summary>
/// <remarks>
/// Shows each user's status (Registered with an invitation code, Associated with an Apple
/// Account, Retired) and whether this store manages the user: users another management
/// system created are shown but never changed from here.
/// </remarks>
/// <example>
/// <code>Get-VppUser -Status Registered | Select-Object ClientUserId, Email, InviteCode</code>
/// <para>Lists the users who have not accepted their invitation yet.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "VppUser", HelpUri = ModuleLinks.Docs + "Get-VppUser.md")]
[OutputType(typeof(VppUser))]
public sealed class GetVppUserCommand : VppTokenDataCmdlet
{
    /// <summary>Client user ids.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? ClientUserId { get; set; }

    /// <summary>Registered, Associated, Retired or Deleted.</summary>
    [Parameter]
    [ValidateSet("Registered", "Associated", "Retired", "Deleted")]
    public string? Status { get; set; }

    /// <summary>Only users this store created.</summary>
    [Parameter]
    public SwitchParameter ManagedOnly { get; set; }

    protected override void Process()
    {
        foreach (var user in new LicenseQueries(Store).Users(SelectedTokenIds(), ClientUserId, Status, !ManagedOnly.IsPresent))
        {
            WriteOutput(user);
        }
    }
}
