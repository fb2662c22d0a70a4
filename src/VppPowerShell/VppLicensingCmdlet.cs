using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell;

/// <summary>
/// A cmdlet that changes licenses: it finishes the token's interrupted runs, plans, asks
/// ShouldProcess with the real plan, journals the plan as a job, runs it, and reports per target
/// (a failed target is a non-terminating error with its own id; the others go on).
/// </summary>
public abstract class VppLicensingCmdlet : VppStoreCmdlet
{
    private const int TargetsShownUnderWhatIf = 200;
    private LicensingService? licensing;
    private VppToken? namedToken;

    /// <summary>The token (license pool) to use. Binds from the TokenId property of piped objects.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int? TokenId { get; set; }

    /// <summary>The name of the token to use (or a token object); not needed when the store holds one token.</summary>
    [Parameter]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(Completion.TokenNameCompleter))]
    public VppTokenIdentity? TokenName { get; set; }

    /// <summary>Write one result per target (Assigned, Removed, Unchanged or Failed, with the reason).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>
    /// Wait for the other jobs that have some of these targets in hand (unfinished jobs of the same
    /// token that another live process runs) to finish, then plan those targets too. Without it (the
    /// default, so that a command never blocks on a runbook it cannot see) they are left to those
    /// jobs: each such target is reported with status LeftToJob and the other job's id in OtherJobId.
    /// Either way nothing is sent twice.
    /// </summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>The plan of the latest <see cref="Change"/>, run or only announced under -WhatIf.</summary>
    protected LicensePlan? LastPlan { get; private set; }

    protected LicensingService Licensing => licensing ??= new LicensingService(Store, ModuleSettings.AppleClient);

    /// <summary>
    /// A piped record whose TokenId is another token than the -TokenName typed on the command line
    /// is refused: a row never silently moves to another license pool.
    /// </summary>
    protected override bool Accept()
    {
        if (!base.Accept()) return false;
        if (TokenName is null || TokenId is not { } piped || IsGivenOnCommandLine(nameof(TokenId))) return true;
        namedToken ??= ChooseToken(TokenName);
        if (piped == namedToken.TokenId) return true;
        WriteTargetError(new VppException(VppErrorIds.TokenMismatch, VppErrorCategory.InvalidArgument,
            $"This input names the token with id {piped}, and -TokenName names '{namedToken.Name}' (id {namedToken.TokenId}): it was skipped.", piped,
            "Drop the TokenId column from the input, or leave -TokenName out to act on the input's own token."));
        return false;
    }

    /// <summary>The token named by -TokenId or -TokenName, or the store's only token.</summary>
    protected VppToken ResolveLicensingToken(int? tokenId)
    {
        if (tokenId is { } id) return ChooseToken(VppTokenIdentity.FromId(id));
        if (TokenName is not null) return ChooseToken(TokenName);
        var all = Tokens.Find();
        if (all.Count == 1)
        {
            WarnIfExpiring(all[0]);
            return all[0];
        }

        throw new VppException(VppErrorIds.TokenNotFound, VppErrorCategory.InvalidArgument,
            all.Count == 0 ? "The store holds no token." : $"The store holds {all.Count} tokens; say which one's licenses to use.", null,
            all.Count == 0 ? "Add one with Add-VppToken." : "Add -TokenName or -TokenId (each token is its own license pool).");
    }

    /// <summary>
    /// Plans, confirms, journals and runs one change; returns false when nothing ran (-WhatIf,
    /// declined). <paramref name="beforeRun"/> sees the confirmed plan before the job is journaled.
    /// </summary>
    protected bool Change(VppToken token, string kind, string description, Func<CancellationToken, Task<LicensePlan>> plan,
        Action<LicensePlan>? beforeRun = null, bool force = false)
    {
        if (!FinishInterruptedJobs(Licensing, token)) return false;
        var planned = RunWork((_, cancellation) => plan(cancellation));
        if (Wait.IsPresent && !WaitForOtherJobs(token, ref planned)) return false;
        LastPlan = planned;
        foreach (var warning in planned.Targets.Where(t => t.Warning is not null).GroupBy(t => t.Warning))
        {
            WriteCaution($"{warning.Key} Targets: {string.Join(", ", warning.Select(t => t.RequestedTarget).Distinct().Take(20))}{(warning.Count() > 20 ? ", ..." : string.Empty)}");
        }

        if (!ShouldChange(token.Name, $"{description}: {planned.Summary()}", force))
        {
            foreach (var target in planned.Targets.Take(TargetsShownUnderWhatIf))
            {
                WriteNote($"{target.Pool.AdamId} -> {target.RequestedTarget}: {target.Action}{(target.ErrorId is null ? string.Empty : $" ({target.ErrorId})")} {target.Reason}{(target.Prompts is null ? string.Empty : " [" + target.Prompts + "]")}");
            }

            return false;
        }

        beforeRun?.Invoke(planned);
        string? jobId;
        while ((jobId = Licensing.TryJournal(kind, token, description, planned)) is null)
        {
            // R-L8: another job of the token was journaled meanwhile; it may have some of these targets in hand.
            WriteNote($"Another job of token '{token.Name}' was journaled while this one was being planned: planned again.");
            planned = Licensing.Replanned(planned);
            if (Wait.IsPresent && !WaitForOtherJobs(token, ref planned)) return false;
        }

        LastPlan = planned;
        WriteNote($"Job {jobId}: {planned.Summary()}");
        foreach (var left in planned.LeftToOtherJobs.GroupBy(t => t.LeftToJobId))
        {
            WriteCaution($"{left.Count()} target(s) left to job {left.Key}, which another process runs and which has a change of them in hand " +
                $"(status LeftToJob with -PassThru). Follow it with Get-VppJob -JobId {left.Key}, or add -Wait to wait for it.");
        }

        try
        {
            var job = RunWork((progress, cancellation) => Licensing.RunAsync(jobId, false, progress, 1, cancellation));
            WriteNote(job.ToString());
        }
        catch (VppException error) when (!StoreFailure.IsStoreFailure(error))
        {
            // A store failure names the job and what finishes it already; the store that just failed is not read again.
            ReportResults(jobId, quiet: true);
            throw new VppException(error.ErrorId, error.Category,
                $"Job {jobId} stopped: {error.Message} What was done is recorded.", error.Target,
                $"{error.RecommendedAction} Then finish it with Resume-VppJob -JobId {jobId} (or run the same command again).", error);
        }

        ReportResults(jobId, quiet: false);
        return true;
    }

    /// <summary>
    /// -Wait: while the plan leaves targets to other jobs, waits for those jobs to finish (finishing
    /// one whose process died), and plans again. Under -WhatIf it announces the wait and shows the plan
    /// as if those jobs had finished. False when an interrupted job was not finished (declined).
    /// </summary>
    private bool WaitForOtherJobs(VppToken token, ref LicensePlan planned)
    {
        while (planned.LeftToOtherJobs.Any())
        {
            var others = planned.LeftToOtherJobs.GroupBy(t => t.LeftToJobId!).ToList();
            foreach (var other in others)
            {
                var job = Licensing.Job(other.Key);
                var wait = $"Wait for job {job.JobId}, which {job.Owner} is running, to finish: it has a change of {other.Count()} of these targets in hand";
                if (WhatIfInForce)
                {
                    if (FirstMention(job)) ShouldChange(token.Name, wait);
                    Licensing.AssumeFinished(job);
                }
                else
                {
                    WriteNote(wait + ".");
                }
            }

            if (!WhatIfInForce)
            {
                var ids = others.Select(o => o.Key).ToList();
                RunWork(async (_, cancellation) =>
                {
                    await Licensing.WaitForJobsAsync(ids, cancellation).ConfigureAwait(false);
                    return true;
                });
                if (!FinishInterruptedJobs(Licensing, token)) return false;
            }

            planned = Licensing.Replanned(planned);
        }

        return true;
    }

    /// <summary>Failed targets as non-terminating errors; all targets with -PassThru.</summary>
    protected void ReportResults(string jobId, bool quiet)
    {
        foreach (var result in Licensing.Results(jobId))
        {
            if (result.Status == "Failed")
            {
                WriteTargetError(TargetFailure.For(result, Describe(result)));
            }

            if (!quiet && PassThru.IsPresent) WriteOutput(result);
        }
    }

    /// <summary>How a failed target is named in its error message.</summary>
    protected virtual string Describe(VppTargetResult result) => $"{result.AdamId} -> {result.SerialNumber ?? result.ClientUserId}";

    /// <summary>Device targets, user targets and group members as the planner's requests; malformed ones are reported and skipped.</summary>
    protected List<TargetRequest> Targets(IEnumerable<string> serialNumbers, IEnumerable<string> clientUserIds, IEnumerable<string> groupNames, LicenseType? licenseType)
    {
        var result = new List<TargetRequest>();
        var groups = new GroupCatalog(Store);
        var groupDevices = new List<string>();
        var groupUsers = new List<string>();
        foreach (var name in groupNames)
        {
            var group = groups.Get(name);
            (group.MemberType == LicenseType.Device ? groupDevices : groupUsers).AddRange(group.Members);
        }

        foreach (var serial in serialNumbers.Concat(groupDevices))
        {
            if (TargetNames.IsSerialNumber(serial)) result.Add(new TargetRequest(serial, licenseType ?? LicenseType.Device, true));
            else WriteTargetError(TargetNames.InvalidSerial(serial));
        }

        foreach (var user in clientUserIds.Concat(groupUsers))
        {
            if (TargetNames.HasWildcard(user))
            {
                WriteTargetError(TargetNames.WildcardTarget(user));
            }
            else if (!TargetNames.IsClientUserId(user))
            {
                WriteTargetError(TargetNames.InvalidUser(user));
            }
            else if (licenseType == LicenseType.Device)
            {
                WriteTargetError(new VppException(VppErrorIds.InvalidTarget, VppErrorCategory.InvalidArgument,
                    $"'{user}' is a user: device licensing needs a device (serial number).", user, "Name the user's devices with -SerialNumber, or use user licensing."));
            }
            else
            {
                result.Add(new TargetRequest(user, LicenseType.User, false));
            }
        }

        return result;
    }

}
