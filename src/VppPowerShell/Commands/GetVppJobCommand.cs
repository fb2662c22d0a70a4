using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core.Licensing;

namespace VppPowerShell.Commands;

/// <summary>Gets the bulk licensing runs (jobs) and their outcome, or the outcome of each target.</summary>
/// <remarks>
/// Every Set-VppAssignment, Remove-VppAssignment and Revoke-VppLicense run is a job whose plan and
/// progress live in the store. A job still Running whose process is gone, or Failed, is finished
/// by Resume-VppJob. -Targets lists each target's status (Assigned, Removed, Unchanged, Pending,
/// Failed with the reason, or LeftToJob: another job had it in hand, named by OtherJobId).
/// </remarks>
/// <example>
/// <code>Get-VppJob -Unfinished</code>
/// <para>Lists the jobs to resume.</para>
/// </example>
/// <example>
/// <code>Get-VppJob | Select-Object -Last 1 | Get-VppJob -Targets | Where-Object Status -eq Failed | Export-Csv failed.csv</code>
/// <para>Exports the targets of the latest job that failed, with their reason.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "VppJob", HelpUri = ModuleLinks.Docs + "Get-VppJob.md")]
[OutputType(typeof(VppJob), typeof(VppTargetResult))]
public sealed class GetVppJobCommand : VppStoreCmdlet
{
    /// <summary>Ids of the jobs. Binds from the JobId property of piped objects.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.JobIdCompleter))]
    public string[]? JobId { get; set; }

    /// <summary>Only the jobs of this token.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int? TokenId { get; set; }

    /// <summary>Only jobs that are not finished (Running or Failed).</summary>
    [Parameter]
    public SwitchParameter Unfinished { get; set; }

    /// <summary>Write each target's outcome instead of the jobs.</summary>
    [Parameter]
    public SwitchParameter Targets { get; set; }

    protected override void Process()
    {
        var licensing = new LicensingService(Store, ModuleSettings.AppleClient);
        if (TokenId is { } tokenId) ChooseToken(VppTokenIdentity.FromId(tokenId)); // an unknown token is an error; an expiring one warns
        var jobs = JobId is null
            ? licensing.Jobs(null, TokenId, Unfinished.IsPresent)
            : JobId.Select(licensing.Job).Where(j => !Unfinished.IsPresent || j.State is VppJobState.Running or VppJobState.Failed or VppJobState.Interrupted).ToList();
        foreach (var job in jobs)
        {
            if (!Targets.IsPresent)
            {
                WriteOutput(job);
                continue;
            }

            foreach (var result in licensing.Results(job.JobId)) WriteOutput(result);
        }
    }
}
