using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Core.Imports;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Migration;

namespace VppPowerShell.Commands;

/// <summary>Re-creates assignments from a CSV or JSON file (Export-VppAssignment's, another system's export) or from a legacy VPP account.</summary>
/// <remarks>
/// Columns (header row in CSV, properties in JSON): AdamId, and SerialNumber or ClientUserId, are
/// required; PricingParam (STDQ), LicenseType (Device for a serial number, User for a user) and the
/// rest are optional. A CSV file's columns may be separated by commas, semicolons or tabs, in UTF-8
/// or in UTF-16 with its byte order mark (Excel's "CSV UTF-8" and "Unicode text"). Every row is checked first: a bad row (missing value, malformed serial
/// number, asset not in the token, duplicate row, book to a device...) is reported with its row
/// number and reason and never stops the good rows. The good rows are planned and run as one
/// resumable job, with Apple's limits respected and nothing sent that is already true, so running
/// the import again is harmless. With -LegacyTokenPath the rows come from a legacy VPP account
/// (Apple's v1 service, read only): its assignments are re-created on the token's location, row N
/// being the N-th license Apple lists.
/// </remarks>
/// <example>
/// <code>Import-VppAssignment -LegacyTokenPath ./legacy-buyer.vpptoken -TokenName 'Contoso Paris' -PassThru | Group-Object Status</code>
/// <para>Re-creates a legacy buyer's assignments on the new location and counts the outcomes.</para>
/// </example>
/// <example>
/// <code>Import-VppAssignment -Path ./from-old-mdm.csv -TokenName 'Contoso Paris' -WhatIf</code>
/// <para>Checks the file and shows the plan without sending anything.</para>
/// </example>
/// <example>
/// <code>Import-VppAssignment -Path ./paris-assignments.json -TokenName 'Contoso Paris' 2&gt;import-errors.txt</code>
/// <para>Imports a JSON export and keeps the bad rows' errors in a file.</para>
/// </example>
[Cmdlet(VerbsData.Import, "VppAssignment", DefaultParameterSetName = FileSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = ModuleLinks.Docs + "Import-VppAssignment.md")]
[OutputType(typeof(VppTargetResult))]
public sealed class ImportVppAssignmentCommand : VppLicensingCmdlet
{
    private const string FileSet = "File";
    private const string LegacySet = "Legacy";
    private AssignmentImport? import;

    /// <summary>The file to read (.csv or .json).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = FileSet)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Csv or Json; by default from the file's extension.</summary>
    [Parameter(ParameterSetName = FileSet)]
    public AssignmentFileFormat? Format { get; set; }

    /// <summary>The legacy VPP account's token file, to re-create its assignments.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LegacySet)]
    [ValidateNotNullOrEmpty]
    public string? LegacyTokenPath { get; set; }

    /// <summary>Apple's legacy service configuration URL (the default), or a loopback simulator's for rehearsals.</summary>
    [Parameter(ParameterSetName = LegacySet)]
    [ValidateNotNullOrEmpty]
    public string? LegacyServiceUrl { get; set; }

    /// <summary>Required (the default) or Available.</summary>
    [Parameter]
    public AssignmentIntent Intent { get; set; } = AssignmentIntent.Required;

    protected override void Process()
    {
        var token = ResolveLicensingToken(TokenId);
        var legacy = ParameterSetName == LegacySet;
        var path = ResolvePath(legacy ? LegacyTokenPath! : Path!);
        var assets = new Core.ReadModels.LicenseQueries(Store).Assets(new[] { token.TokenId })
            .ToDictionary(a => (a.AdamId, a.PricingParam), a => (a.ProductType, a.DeviceAssignable));
        var rows = legacy ? ReadLegacy(path) : AssignmentFile.Read(path, AssignmentFile.FormatOf(path, Format));
        import = AssignmentImport.Check(rows, (adamId, pricing) => assets.TryGetValue((adamId, pricing), out var found) ? found : null);
        foreach (var error in import.Errors)
        {
            WriteTargetError(new Core.VppException(error.ErrorId, Core.VppErrorCategory.InvalidData, error.Reason, error,
                "Fix the row in the file and import it again: rows already imported are not sent twice."));
        }

        WriteNote($"{path}: {import.Pairs.Count} good row(s), {import.Errors.Count} bad row(s).");
        if (import.Pairs.Count == 0) return;
        var work = import.Work;
        Change(token, "Import", $"Import {import.Pairs.Count} assignment(s) from {System.IO.Path.GetFileName(path)}",
            cancellation => Licensing.PlanPairsAsync(token, work, Intent, cancellation),
            plan =>
            {
                var desired = new DesiredState(Store);
                foreach (var (asset, targets) in work)
                {
                    desired.Record(token.TokenId, new[] { asset },
                        targets.Where(t => !plan.RefusedByRule(asset.AdamId, t.Target)).Select(t => (t.IsDeviceTarget ? "Device" : "User", t.Target, t.LicenseType)), Intent);
                }
            });
    }

    private System.Collections.Generic.IReadOnlyList<ImportRow> ReadLegacy(string tokenPath)
    {
        if (!System.IO.File.Exists(tokenPath))
        {
            throw new Core.VppException(Core.VppErrorIds.TokenFileNotFound, Core.VppErrorCategory.ObjectNotFound, $"The legacy token file {tokenPath} does not exist.", tokenPath,
                "Give the .vpptoken file of the legacy VPP account.");
        }

        var serviceUrl = LegacyServiceUrl is null ? Core.Apple.Legacy.LegacyAccountReader.AppleServiceConfigUrl : new System.Uri(LegacyServiceUrl);
        var (rows, requests) = RunWork(async (_, cancellation) =>
        {
            var reader = await Core.Apple.Legacy.LegacyAccountReader.ConnectAsync(serviceUrl, System.IO.File.ReadAllText(tokenPath), ModuleSettings.AppleClient, cancellation).ConfigureAwait(false);
            return (await LegacyAssignments.ReadAsync(reader, cancellation).ConfigureAwait(false), reader.Requests);
        });
        WriteNote($"Read {rows.Count} assignment(s) from the legacy account in {requests} request(s).");
        return rows;
    }

    protected override string Describe(VppTargetResult result)
    {
        var row = import?.RowOf(result.AdamId, result.SerialNumber ?? result.ClientUserId ?? string.Empty);
        return (row is null ? string.Empty : $"Row {row}: ") + base.Describe(result);
    }
}
