using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Migration;

namespace VppPowerShell.Commands;

/// <summary>Re-creates assignments from a CSV or JSON file (Export-VppAssignment's, or another system's export).</summary>
/// <remarks>
/// Columns (header row in CSV, properties in JSON): AdamId, and SerialNumber or ClientUserId, are
/// required; PricingParam (STDQ), LicenseType (Device for a serial number, User for a user) and the
/// rest are optional. Every row is checked first: a bad row (missing value, malformed serial
/// number, asset not in the token, duplicate row, book to a device...) is reported with its row
/// number and reason and never stops the good rows. The good rows are planned and run as one
/// resumable job, with Apple's limits respected and nothing sent that is already true, so running
/// the import again is harmless.
/// </remarks>
/// <example>
/// <code>Import-VppAssignment -Path ./from-old-mdm.csv -TokenName 'Contoso Paris' -WhatIf</code>
/// <para>Checks the file and shows the plan without sending anything.</para>
/// </example>
/// <example>
/// <code>Import-VppAssignment -Path ./paris-assignments.json -TokenName 'Contoso Paris' 2&gt;import-errors.txt</code>
/// <para>Imports a JSON export and keeps the bad rows' errors in a file.</para>
/// </example>
[Cmdlet(VerbsData.Import, "VppAssignment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(VppTargetResult))]
public sealed class ImportVppAssignmentCommand : VppLicensingCmdlet
{
    private AssignmentImport? import;

    /// <summary>The file to read (.csv or .json).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Csv or Json; by default from the file's extension.</summary>
    [Parameter]
    public AssignmentFileFormat? Format { get; set; }

    /// <summary>Required (the default) or Available.</summary>
    [Parameter]
    public AssignmentIntent Intent { get; set; } = AssignmentIntent.Required;

    protected override void Process()
    {
        var path = ResolvePath(Path!);
        var token = ResolveLicensingToken(TokenId);
        var assets = new Core.ReadModels.LicenseQueries(Store).Assets(new[] { token.TokenId })
            .ToDictionary(a => (a.AdamId, a.PricingParam), a => (a.ProductType, a.DeviceAssignable));
        import = AssignmentImport.Check(AssignmentFile.Read(path, AssignmentFile.FormatOf(path, Format)),
            (adamId, pricing) => assets.TryGetValue((adamId, pricing), out var found) ? found : null);
        foreach (var error in import.Errors)
        {
            WriteTargetError(new Core.VppException(error.ErrorId, Core.VppErrorCategory.InvalidData, error.Reason, error));
        }

        WriteNote($"{path}: {import.Pairs.Count} good row(s), {import.Errors.Count} bad row(s).");
        if (import.Pairs.Count == 0) return;
        var work = import.Work;
        Change(token, "Import", $"Import {import.Pairs.Count} assignment(s) from {System.IO.Path.GetFileName(path)}",
            cancellation => Licensing.PlanPairsAsync(token, work, Intent, cancellation),
            () =>
            {
                var desired = new DesiredState(Store);
                foreach (var (asset, targets) in work)
                {
                    desired.Record(token.TokenId, new[] { asset }, targets.Select(t => (t.IsDeviceTarget ? "Device" : "User", t.Target, t.LicenseType)), Intent);
                }
            });
    }

    protected override string Describe(VppTargetResult result)
    {
        var row = import?.RowOf(result.AdamId, result.SerialNumber ?? result.ClientUserId ?? string.Empty);
        return (row is null ? string.Empty : $"Row {row}: ") + base.Describe(result);
    }
}
