using System.IO;
using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Core.Imports;
using VppPowerShell.Core.ReadModels;

namespace VppPowerShell.Commands;

/// <summary>Writes the licenses assigned at Apple to a CSV or JSON file that Import-VppAssignment reads back.</summary>
/// <remarks>
/// Columns: TokenId, TokenName, AdamId, PricingParam, AssetName, LicenseType, SerialNumber,
/// ClientUserId — the property names of Get-VppAssignment, so the file also works with Import-Csv
/// piped to Set-VppAssignment, and a file from Export-Csv imports too. The format follows the
/// file's extension (.json or .csv) unless -Format says otherwise. Sync first for Apple's latest.
/// </remarks>
/// <example>
/// <code>Export-VppAssignment -TokenName 'Contoso Paris' -Path ./paris-assignments.csv</code>
/// <para>Exports every assignment of a token, for a backup or a migration.</para>
/// </example>
[Cmdlet(VerbsData.Export, "VppAssignment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = ModuleLinks.Docs + "Export-VppAssignment.md")]
[OutputType(typeof(void))]
public sealed class ExportVppAssignmentCommand : VppTokenDataCmdlet
{
    /// <summary>The file to write (.csv or .json).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Csv or Json; by default from the file's extension.</summary>
    [Parameter]
    public AssignmentFileFormat? Format { get; set; }

    /// <summary>Only these assets (adamId).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.AdamIdCompleter))]
    public string[]? AdamId { get; set; }

    /// <summary>Overwrite the file if it exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void Process()
    {
        var path = ResolvePath(Path!);
        var folder = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
        {
            throw new VppException(VppErrorIds.ExportFolderNotFound, VppErrorCategory.ObjectNotFound, $"The folder of {path} does not exist.", path, "Create it first.");
        }

        if (File.Exists(path) && !Force.IsPresent)
        {
            throw new VppException(VppErrorIds.ExportFileExists, VppErrorCategory.ResourceExists, $"The file {path} exists.", path, "Add -Force to overwrite it.");
        }

        if (!ShouldChange(path, "Write the assignments")) return;
        var count = AssignmentFile.Write(path, new LicenseQueries(Store).Assignments(SelectedTokenIds(), AdamId), AssignmentFile.FormatOf(path, Format));
        WriteNote($"Wrote {count} assignment(s) to {path}.");
    }
}
