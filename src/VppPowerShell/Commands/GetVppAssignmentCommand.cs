using System.Management.Automation;
using VppPowerShell.Core.ReadModels;

namespace VppPowerShell.Commands;

/// <summary>Gets the licenses assigned to users and devices, as Apple reported them at the last sync.</summary>
/// <remarks>
/// Filters combine: by token, asset (adamId), device serial number or client user id. Every
/// filter binds from piped objects by property name, so Get-VppAsset, Import-Csv rows or device
/// lists can be piped in.
/// </remarks>
/// <example>
/// <code>Get-VppAssignment -SerialNumber C02ZX1ABCD12</code>
/// <para>Shows the apps licensed to one device.</para>
/// </example>
/// <example>
/// <code>Import-Csv ./devices.csv | Get-VppAssignment</code>
/// <para>Shows the licenses of every device in a CSV file with a SerialNumber column.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "VppAssignment", HelpUri = ModuleLinks.Docs + "Get-VppAssignment.md")]
[OutputType(typeof(VppAssignment))]
public sealed class GetVppAssignmentCommand : VppTokenDataCmdlet
{
    /// <summary>Apple's ids of the assets (adamId).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.AdamIdCompleter))]
    public string[]? AdamId { get; set; }

    /// <summary>Device serial numbers. An empty value (an empty CSV cell) is not given.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string[]? SerialNumber { get; set; }

    /// <summary>Client user ids. An empty value (an empty CSV cell) is not given.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string[]? ClientUserId { get; set; }

    protected override void Process()
    {
        var serials = Given(SerialNumber);
        var users = Given(ClientUserId);
        // A row whose device and user cells are all empty names nobody: it reads nothing, never everything.
        if ((IsGiven(nameof(SerialNumber)) || IsGiven(nameof(ClientUserId))) && serials.Count == 0 && users.Count == 0) return;
        foreach (var assignment in new LicenseQueries(Store).Assignments(SelectedTokenIds(), AdamId,
                     serials.Count > 0 ? serials : null, users.Count > 0 ? users : null))
        {
            WriteOutput(assignment);
        }
    }
}
