using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core.Licensing;

namespace VppPowerShell.Commands;

/// <summary>Finishes a job that was interrupted (the process killed, the network lost, Ctrl+C).</summary>
/// <remarks>
/// Picks the journal up where it stopped: requests not yet sent are sent, requests Apple accepted
/// are followed to their outcome, and every result is recorded, with no license lost, doubled or
/// left unrecorded. A job another live process is running is refused unless -Force.
/// </remarks>
/// <example>
/// <code>Get-VppJob -Unfinished | Resume-VppJob -PassThru</code>
/// <para>Finishes every interrupted job and shows how each ended.</para>
/// </example>
[Cmdlet(VerbsLifecycle.Resume, "VppJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = ModuleLinks.Docs + "Resume-VppJob.md")]
[OutputType(typeof(VppJob))]
public sealed class ResumeVppJobCommand : VppStoreCmdlet
{
    /// <summary>The job to finish. Binds from the JobId property of piped objects.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.JobIdCompleter))]
    public string? JobId { get; set; }

    /// <summary>Take the job over even if the store says another process runs it.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write the finished job.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        var licensing = new LicensingService(Store, ModuleSettings.AppleClient);
        var job = licensing.Job(JobId!);
        if (job.TokenId is { } tokenId && Tokens.Find().FirstOrDefault(t => t.TokenId == tokenId) is { } token) WarnIfExpiring(token);
        if (job.State is VppJobState.Completed or VppJobState.CompletedWithErrors)
        {
            WriteNote($"Job {job.JobId} is already finished ({job.State}).");
            if (PassThru.IsPresent) WriteOutput(job);
            return;
        }

        if (WhatIfInForce && !FirstMention(job)) return;
        if (!ShouldChange(job.JobId, $"Finish the job: {job.Description} (pending: {PendingWork(licensing, job)})", Force.IsPresent)) return;
        var finished = RunWork((progress, cancellation) => licensing.RunAsync(job.JobId, Force.IsPresent, progress, 1, cancellation));
        WriteNote(finished.ToString());
        foreach (var result in licensing.Results(job.JobId))
        {
            if (result.Status == "Failed")
            {
                WriteTargetError(TargetFailure.For(result, $"{result.AdamId} -> {result.SerialNumber ?? result.ClientUserId}"));
            }
        }

        if (PassThru.IsPresent) WriteOutput(finished);
    }
}
