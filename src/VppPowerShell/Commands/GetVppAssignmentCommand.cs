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
[Cmdlet(VerbsCommon.Get, "VppAssignment")]
[OutputType(typeof(VppAssignment))]
public sealed class GetVppAssignmentCommand : VppTokenDataCmdlet
{
    /// <summary>Apple's ids of the assets (adamId).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? AdamId { get; set; }

    /// <summary>Device serial numbers.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? SerialNumber { get; set; }

    /// <summary>Client user ids.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? ClientUserId { get; set; }

    protected override void Process()
    {
        foreach (var assignment in new LicenseQueries(Store).Assignments(SelectedTokenIds(), AdamId, SerialNumber, ClientUserId))
        {
            WriteOutput(assignment);
        }
    }
}
