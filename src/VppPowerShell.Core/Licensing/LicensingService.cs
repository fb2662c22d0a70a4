using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Leases;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Core.Licensing;

/// <summary>
/// Assign, remove, revoke: plan from the store's copy of Apple's state, journal the plan as a job,
/// run it against Apple, and report per target. Every bulk change goes through here.
/// </summary>
public sealed class LicensingService
{
    private readonly VppStore store;
    private readonly TokenCatalog catalog;
    private readonly JobStore jobs;
    private readonly AppleClientOptions options;
    private readonly HashSet<string> assumedJobs = new(StringComparer.Ordinal);
    private readonly List<VppTargetResult> assumedDone = new();

    public LicensingService(VppStore store, AppleClientOptions? options = null)
    {
        this.store = store;
        catalog = new TokenCatalog(store);
        jobs = new JobStore(store);
        this.options = options ?? AppleClientOptions.Default;
    }

    /// <summary>Requests sent by the last run, per operation.</summary>
    public IReadOnlyDictionary<BatchOperation, int> LastRunRequests { get; private set; } = new Dictionary<BatchOperation, int>();

    /// <summary>
    /// Plans from now on as if this unfinished job had finished: what -WhatIf shows for a command that
    /// would finish the job first. Nothing is sent or written.
    /// </summary>
    public void AssumeFinished(VppJob job)
    {
        if (assumedJobs.Add(job.JobId)) assumedDone.AddRange(PendingChanges(job.JobId));
    }

    /// <summary>
    /// What the token's jobs that another live worker runs still have to send (R-L8): a plan leaves
    /// those changes to them instead of sending them twice. Read before the pools: a target another
    /// job applies between the two reads is then seen both in its hands and held, never in neither
    /// (it would be planned again), and a license it took counts once (see <see cref="ChangesInHand.LicensesTaken"/>).
    /// </summary>
    private ChangesInHand InHandElsewhere(VppToken token)
    {
        var unfinished = jobs.Jobs(tokenId: token.TokenId, unfinishedOnly: true);
        var inHand = unfinished.Where(j => j.State == VppJobState.Running && j.Owner != LeaseOwner.Current && !assumedJobs.Contains(j.JobId));
        return new ChangesInHand(new HashSet<string>(unfinished.Select(j => j.JobId), StringComparer.Ordinal),
            inHand.SelectMany(job => PendingChanges(job.JobId).Select(change => (job, change))).ToList());
    }

    /// <summary>
    /// Every device and user that holds a license of the token (of one asset, when given), as targets:
    /// the store's copy of Apple's state, with what assumed-finished jobs would add or take away.
    /// </summary>
    public IReadOnlyList<TargetRequest> Holders(VppToken token, string? adamId = null)
    {
        var holders = new ReadModels.LicenseQueries(store).Assignments(new[] { token.TokenId }, adamId is null ? null : new[] { adamId })
            .Select(h => (Target: h.SerialNumber ?? h.ClientUserId!, IsDevice: h.SerialNumber is not null)).ToList();
        foreach (var change in assumedDone.Where(c => adamId is null || c.AdamId == adamId))
        {
            var held = (Target: change.SerialNumber ?? change.ClientUserId!, IsDevice: change.LicenseType == LicenseType.Device);
            if (change.Action == PlannedAction.Associate) holders.Add(held);
            else if (change.Action == PlannedAction.Revoke || adamId is not null) holders.RemoveAll(h => h == held);
        }

        return holders.Distinct().Select(h => new TargetRequest(h.Target, h.IsDevice ? LicenseType.Device : LicenseType.User, h.IsDevice)).ToList();
    }

    private PoolState Assumed(PoolState pool)
    {
        foreach (var change in assumedDone)
        {
            pool.Assume(change.Action, change.AdamId, change.PricingParam, change.SerialNumber ?? change.ClientUserId!, change.LicenseType);
        }

        return pool;
    }

    public async Task<LicensePlan> PlanAssignAsync(VppToken token, IReadOnlyList<(string AdamId, string PricingParam)> assets,
        IReadOnlyList<TargetRequest> targets, AssignmentIntent intent, CancellationToken cancellation)
    {
        var limits = await Client(token).GetLimitsAsync(cancellation).ConfigureAwait(false);
        LicensePlan Plan()
        {
            var inHand = InHandElsewhere(token);
            var pools = assets.Select(a => Assumed(LicenseState.Pool(store, token, a.AdamId, a.PricingParam))).ToList();
            var users = LicenseState.ActiveUsers(store, token.TokenId);
            return LicensePlanner.PlanAssignments(pools, targets, intent, new PlanningContext(limits, users.Contains, LicenseState.Devices(store), inHand));
        }

        return Replannable(Plan);
    }

    /// <summary>Plans each asset's own targets in one plan (imports and migrations).</summary>
    public async Task<LicensePlan> PlanPairsAsync(VppToken token, IReadOnlyList<((string AdamId, string PricingParam) Asset, IReadOnlyList<TargetRequest> Targets)> work,
        AssignmentIntent intent, CancellationToken cancellation)
    {
        var limits = await Client(token).GetLimitsAsync(cancellation).ConfigureAwait(false);
        LicensePlan Plan()
        {
            var inHand = InHandElsewhere(token);
            var pools = work.Select(w => (Assumed(LicenseState.Pool(store, token, w.Asset.AdamId, w.Asset.PricingParam)), w.Targets)).ToList();
            var users = LicenseState.ActiveUsers(store, token.TokenId);
            return LicensePlanner.PlanAssignments(pools, intent, new PlanningContext(limits, users.Contains, LicenseState.Devices(store), inHand));
        }

        return Replannable(Plan);
    }

    public async Task<LicensePlan> PlanRevokeAsync(VppToken token, IReadOnlyList<TargetRequest> targets, CancellationToken cancellation)
    {
        var limits = await Client(token).GetLimitsAsync(cancellation).ConfigureAwait(false);
        return Replannable(() =>
        {
            var inHand = InHandElsewhere(token);
            return LicensePlanner.PlanRevocations(Assumed(LicenseState.RevocableHolders(store, token)), targets, new PlanningContext(limits, _ => true, inHandElsewhere: inHand));
        });
    }

    private static LicensePlan Replannable(Func<LicensePlan> plan)
    {
        var planned = plan();
        planned.Replan = plan;
        return planned;
    }

    /// <summary>The plan the last <see cref="Journal"/> wrote: the one given, or the same request planned again.</summary>
    public LicensePlan? JournaledPlan { get; private set; }

    /// <summary>
    /// Writes the plan as a job; nothing is sent yet. When a job of the token was journaled since the
    /// plan was made, the same request is planned again first, so that it leaves to that job what it
    /// has in hand (R-L8); <see cref="JournaledPlan"/> is the plan written.
    /// </summary>
    public string Journal(string kind, VppToken token, string description, LicensePlan plan)
    {
        string? jobId;
        while ((jobId = TryJournal(kind, token, description, plan)) is null) plan = Replanned(plan);
        return jobId;
    }

    /// <summary>Writes the plan as a job, or returns null and writes nothing when it is out of date (see <see cref="Journal"/>).</summary>
    public string? TryJournal(string kind, VppToken token, string description, LicensePlan plan)
    {
        var jobId = jobs.Create(kind, token.TokenId, description, plan);
        if (jobId is not null) JournaledPlan = plan;
        return jobId;
    }

    /// <summary>The same request planned from the store as it is now.</summary>
    public LicensePlan Replanned(LicensePlan plan)
    {
        var replan = plan.Replan ?? throw new InvalidOperationException("This plan was not made by a LicensingService, which alone can plan it again.");
        var fresh = replan();
        fresh.Replan = replan;
        return fresh;
    }

    /// <summary>
    /// Waits until none of these jobs is running any more (finished, stopped, or its worker gone: then
    /// it reads Interrupted and the next command takes it over). Looks at the store every second.
    /// </summary>
    public async Task WaitForJobsAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellation)
    {
        while (jobIds.Any(id => jobs.Jobs(id).FirstOrDefault()?.State == VppJobState.Running))
        {
            await Task.Delay(JobWaitInterval, cancellation).ConfigureAwait(false);
        }
    }

    private static readonly TimeSpan JobWaitInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs (or finishes) a job against Apple and returns its final state. When the store's database
    /// fails under it (the connection lost, writes refused), the error says so and names the job:
    /// the journal keeps what was saved, and Resume-VppJob finishes the rest.
    /// </summary>
    public async Task<VppJob> RunAsync(string jobId, bool force, IProgress<ProgressReport>? progress, int activityId, CancellationToken cancellation)
    {
        try
        {
            return await RunJournaledAsync(jobId, force, progress, activityId, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (StoreFailure.Explain(e, store, jobId) is { } failure)
        {
            throw failure;
        }
    }

    private async Task<VppJob> RunJournaledAsync(string jobId, bool force, IProgress<ProgressReport>? progress, int activityId, CancellationToken cancellation)
    {
        var job = jobs.Get(jobId);
        var token = catalog.Get(job.TokenId ?? throw new VppException(VppErrorIds.TokenNotFound, VppErrorCategory.ObjectNotFound,
            $"The token of job {jobId} was removed from the store.", jobId, "The job cannot be finished; sync the remaining tokens."));
        jobs.Claim(jobId, force);
        var executor = new JobExecutor(jobs, Client(token), options, token.TokenId);
        try
        {
            await executor.RunAsync(jobId, progress, activityId, cancellation).ConfigureAwait(false);
            jobs.Finish(jobId, null);
        }
        catch (Exception e) when (e is VppException or OperationCanceledException)
        {
            // The journal keeps everything done so far; Resume-VppJob finishes the rest.
            jobs.Finish(jobId, e is OperationCanceledException ? "Stopped before it finished." : e.Message);
            throw;
        }
        finally
        {
            LastRunRequests = executor.Sent;
        }

        return jobs.Get(jobId);
    }

    /// <summary>The token's unfinished jobs that this process may finish: not those another live worker runs (or holds the lease of).</summary>
    public IReadOnlyList<VppJob> ResumableJobs(VppToken token) =>
        jobs.Jobs(tokenId: token.TokenId, unfinishedOnly: true)
            .Where(job => job.State != VppJobState.Running || job.Owner == LeaseOwner.Current)
            .ToList();

    public IReadOnlyList<VppJob> Jobs(string? jobId = null, int? tokenId = null, bool unfinishedOnly = false) =>
        jobs.Jobs(jobId, tokenId, unfinishedOnly);

    public VppJob Job(string jobId) => jobs.Get(jobId);

    /// <summary>What a job still has to send (or to learn the outcome of): its targets that are pending.</summary>
    public IEnumerable<VppTargetResult> PendingChanges(string jobId) => Results(jobId).Where(r => r.Status == "Pending");

    /// <summary>Per-target outcomes of a job, with the invitation link of users Apple invited.</summary>
    public IEnumerable<VppTargetResult> Results(string jobId)
    {
        var job = jobs.Get(jobId);
        var tokenId = job.TokenId ?? 0;
        var invitations = LicenseState.Invitations(store, tokenId);
        return jobs.Results(jobId, tokenId, user => invitations.TryGetValue(user, out var code) ? code : null);
    }

    private AppleServiceClient Client(VppToken token)
    {
        if (token.IsLegacy)
        {
            throw new VppException(VppErrorIds.LegacyTokenReadOnly, VppErrorCategory.InvalidOperation,
                $"Token '{token.Name}' is a legacy VPP token: this module reads it, and changes licenses on locations only.", token,
                $"Move it onto its location with Move-VppToken -Name '{token.Name}' -Path <location .vpptoken>.");
        }

        return AppleConnector.For(store, catalog, token, options);
    }
}
