using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Apple.Wire;
using VppPowerShell.Core.Leases;

namespace VppPowerShell.Core.Licensing;

/// <summary>
/// Runs a journaled job: users are created first, then the license requests go out, at most 5 at
/// once. Each request's event id is journaled before it is waited on; its status is polled with
/// backoff and applied per (asset, target) pair. A request whose event Apple no longer knows is
/// sent again, which is safe: associating an assigned pair or removing a removed one changes nothing.
/// </summary>
internal sealed class JobExecutor
{
    private readonly JobStore jobs;
    private readonly AppleServiceClient client;
    private readonly AppleClientOptions options;
    private readonly int tokenId;
    private readonly object storeGate = new();

    public JobExecutor(JobStore jobs, AppleServiceClient client, AppleClientOptions options, int tokenId)
    {
        this.jobs = jobs;
        this.client = client;
        this.options = options;
        this.tokenId = tokenId;
    }

    /// <summary>Requests sent in this run, by operation: what the benchmark and tests count.</summary>
    public Dictionary<BatchOperation, int> Sent { get; } = new();

    /// <summary>
    /// Runs the job's open batches while renewing this process's lease on it. If another worker takes
    /// the job over (its lease ran out, or Resume-VppJob -Force), this run stops before its next request.
    /// </summary>
    public async Task RunAsync(string jobId, IProgress<ProgressReport>? progress, int activityId, CancellationToken cancellation)
    {
        ThreadPoolHeadroom.Ensure();
        using var lease = new LeaseKeeper(() => Locked(() => jobs.Heartbeat(jobId)), cancellation);
        try
        {
            await RunBatchesAsync(jobId, progress, activityId, lease.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lease.Lost && !cancellation.IsCancellationRequested)
        {
            throw new VppException(VppErrorIds.JobRunningElsewhere, VppErrorCategory.ResourceUnavailable,
                $"Job {jobId} was taken over by another worker while this one ran it; this run stopped.", jobId,
                "Follow the job with Get-VppJob: the worker that holds it now finishes it.");
        }
    }

    private async Task RunBatchesAsync(string jobId, IProgress<ProgressReport>? progress, int activityId, CancellationToken cancellation)
    {
        var open = Locked(() => jobs.OpenBatches(jobId));
        var total = open.Count;
        var done = 0;
        foreach (var phase in new[] { open.Where(b => b.Operation == BatchOperation.CreateUsers).ToList(), open.Where(b => b.Operation != BatchOperation.CreateUsers).ToList() })
        {
            using var slots = new SemaphoreSlim(AppleClientOptions.MaxInFlightPerToken);
            var running = phase.Select(async batch =>
            {
                await slots.WaitAsync(cancellation).ConfigureAwait(false);
                Action apply;
                try
                {
                    apply = await RunBatchAsync(batch, cancellation).ConfigureAwait(false);
                }
                finally
                {
                    // The slot is for requests in flight: the next request goes out while this one's outcome is written.
                    slots.Release();
                }

                apply();
                var finished = Interlocked.Increment(ref done);
                progress?.Report(new ProgressReport(activityId, $"Job {jobId}", $"{finished} of {total} requests done", total == 0 ? 100 : finished * 100 / total));
            }).ToList();
            await Task.WhenAll(running).ConfigureAwait(false);
            await LearnInvitationsAsync(phase.Where(b => b.Operation == BatchOperation.CreateUsers).SelectMany(b => b.Targets), cancellation).ConfigureAwait(false);
        }

        // Apple's counts for every asset of the job, batches applied in an earlier run included: each
        // batch adjusts the store's counts as it applies, and another run may have overlapped.
        var touched = Locked(() => jobs.Assets(jobId)).Concat(open.SelectMany(b => b.Assets)).Distinct().ToList();
        foreach (var (adamId, pricing) in touched)
        {
            var asset = await client.GetAssetAsync(adamId, pricing, cancellation).ConfigureAwait(false);
            if (asset is not null) Locked(() => jobs.ConfirmCounts(tokenId, asset));
        }
    }

    /// <summary>Reads back the users just created, for their invitation codes (API §5.9).</summary>
    private async Task LearnInvitationsAsync(IEnumerable<string> created, CancellationToken cancellation)
    {
        using var slots = new SemaphoreSlim(AppleClientOptions.MaxInFlightPerToken);
        await Task.WhenAll(created.Select(async user =>
        {
            await slots.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                var found = await client.GetUserAsync(user, cancellation).ConfigureAwait(false);
                var active = found.Users?.LastOrDefault(u => u.ClientUserId == user && u.Status is not ("Retired" or "Deleted"));
                if (active is not null) Locked(() => jobs.RecordUser(tokenId, active));
            }
            finally
            {
                slots.Release();
            }
        })).ConfigureAwait(false);
    }

    /// <summary>Sends a batch (unless already sent) and waits for its outcome; returns the step that writes it to the store.</summary>
    private async Task<Action> RunBatchAsync(JobBatch batch, CancellationToken cancellation)
    {
        var eventId = batch.State == JobBatch.Submitted ? batch.EventId : null;
        while (true)
        {
            if (eventId is null)
            {
                eventId = (await SubmitAsync(batch, cancellation).ConfigureAwait(false)).EventId
                    ?? throw new VppException(VppErrorIds.AppleAnswerUnreadable, VppErrorCategory.InvalidData, "Apple accepted a request without an event id.", batch.JobId,
                        $"Run Sync-VppToken, then Resume-VppJob -JobId {batch.JobId}: what Apple applied is read back, the rest is sent again.");
                var submitted = eventId;
                Locked(() => jobs.MarkSubmitted(batch, submitted));
            }

            StatusResponse status;
            try
            {
                status = await WaitForAsync(eventId, cancellation).ConfigureAwait(false);
            }
            catch (AppleServiceException e) when (e.ErrorNumber == 9708)
            {
                // Apple forgot the event: send the request again (see the class comment).
                eventId = null;
                continue;
            }

            var failures = Failures(batch, status);
            if (Unconfirmed(batch, status, failures) is { } unnamed)
            {
                await ConfirmAtAppleAsync(batch, failures, unnamed, cancellation).ConfigureAwait(false);
            }

            return () => Locked(() => jobs.Apply(batch, tokenId, failures));
        }
    }

    private Task<EventResponse> SubmitAsync(JobBatch batch, CancellationToken cancellation)
    {
        lock (Sent) Sent[batch.Operation] = Sent.TryGetValue(batch.Operation, out var n) ? n + 1 : 1;
        var users = batch.LicenseType == LicenseType.User ? batch.Targets.ToList() : null;
        var devices = batch.LicenseType == LicenseType.Device ? batch.Targets.ToList() : null;
        var assets = batch.Assets.Select(a => new AssetKey { AdamId = a.AdamId, PricingParam = a.PricingParam }).ToList();
        return batch.Operation switch
        {
            BatchOperation.CreateUsers => client.CreateUsersAsync(new ManageUsersRequest { Users = batch.Targets.Select(u => new RequestUser { ClientUserId = u }).ToList() }, cancellation),
            BatchOperation.Associate => client.AssociateAsync(new ManageAssetsRequest { Assets = assets, ClientUserIds = users, SerialNumbers = devices }, cancellation),
            BatchOperation.Disassociate => client.DisassociateAsync(new ManageAssetsRequest { Assets = assets, ClientUserIds = users, SerialNumbers = devices }, cancellation),
            _ => client.RevokeAsync(new RevokeAssetsRequest { ClientUserIds = users, SerialNumbers = devices }, cancellation),
        };
    }

    private async Task<StatusResponse> WaitForAsync(string eventId, CancellationToken cancellation)
    {
        var delay = options.EventPollDelay;
        while (true)
        {
            var status = await client.GetEventStatusAsync(eventId, cancellation).ConfigureAwait(false);
            if (status.EventStatus is StatusResponse.Complete or StatusResponse.Failed) return status;
            await Task.Delay(delay, cancellation).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.EventPollMaxDelay.Ticks));
        }
    }

    /// <summary>
    /// Whether Apple left pairs of an associate/disassociate unaccounted for: a failure entry that
    /// names no user or device (errorInfo empty or missing), or fewer pairs completed and named as
    /// failed than were requested (a COMPLETE event can still list failures, or none at all).
    /// Returns the unnamed failures' error numbers (empty when only the counts tell), or null when
    /// every pair is accounted for.
    /// </summary>
    private static List<int>? Unconfirmed(JobBatch batch, StatusResponse status,
        Dictionary<(string AdamId, string Target), (string ErrorId, string Reason)> named)
    {
        if (batch.Operation is not (BatchOperation.Associate or BatchOperation.Disassociate)) return null;
        var unnamed = (status.Failures ?? new List<EventFailure>())
            .Where(f => (f.ErrorInfo?.ClientUserIds?.Count ?? 0) + (f.ErrorInfo?.SerialNumbers?.Count ?? 0) == 0)
            .Select(f => f.ErrorNumber).Distinct().ToList();
        var requested = batch.Assets.Count * batch.Targets.Count;
        var accounted = status.NumCompleted + named.Count;
        if (unnamed.Count == 0 && (status.NumRequested <= 0 || accounted >= Math.Min(requested, status.NumRequested))) return null;
        return unnamed;
    }

    /// <summary>
    /// Reads back from Apple each asset of a batch whose outcome Apple left unclear, and marks every
    /// pair Apple does not show in the requested state as failed: never reported as done on trust.
    /// </summary>
    private async Task ConfirmAtAppleAsync(JobBatch batch, Dictionary<(string AdamId, string Target), (string ErrorId, string Reason)> failures,
        List<int> unnamed, CancellationToken cancellation)
    {
        var associate = batch.Operation == BatchOperation.Associate;
        var users = batch.LicenseType == LicenseType.User;
        string errorId;
        string reason;
        if (unnamed.Count == 1)
        {
            var error = AppleErrors.For(unnamed[0]);
            errorId = unnamed[0] == 9709 ? VppErrorIds.NoLicenseAvailable : error.ErrorId;
            reason = $"{error.Message} (Apple error {unnamed[0]}, reported without naming the targets; Apple does not show this one {(associate ? "assigned" : "removed")}) {error.Action}";
        }
        else
        {
            errorId = VppErrorIds.AppleDidNotConfirm;
            reason = $"Apple finished the request without confirming this target, and does not show it {(associate ? "assigned" : "removed")}. Run the command again to send it again.";
        }

        var holders = new Dictionary<(string AdamId, string PricingParam), HashSet<string>>();
        foreach (var asset in batch.Assets)
        {
            // An earlier over-broad answer already listed this asset's holders.
            if (holders.ContainsKey(asset)) continue;
            foreach (var read in await ReadHoldersAsync(asset, batch.Assets, users, cancellation).ConfigureAwait(false))
            {
                holders[read.Key] = read.Value;
            }
        }

        foreach (var (adamId, pricing) in batch.Assets)
        {
            foreach (var target in batch.Targets)
            {
                if (failures.ContainsKey((adamId, target))) continue;
                if (holders[(adamId, pricing)].Contains(target) != associate) failures[(adamId, target)] = (errorId, reason);
            }
        }
    }

    /// <summary>
    /// The users or devices holding an asset, read from Apple. Apple may ignore the asset filter and
    /// list every asset's rows: such an answer is a read of every assignment, so it tells the holders
    /// of each wanted asset at once, and they are all returned.
    /// </summary>
    private async Task<Dictionary<(string AdamId, string PricingParam), HashSet<string>>> ReadHoldersAsync((string AdamId, string PricingParam) asked,
        IReadOnlyCollection<(string AdamId, string PricingParam)> wanted, bool users, CancellationToken cancellation)
    {
        var found = wanted.ToDictionary(a => a, _ => new HashSet<string>(StringComparer.Ordinal));
        var overBroad = false;
        await PageReader.ReadAllAsync(
            (index, c) => client.GetAssignmentsPageAsync(index, null, asked.AdamId, asked.PricingParam, c),
            page =>
            {
                foreach (var row in page.Assignments ?? new List<Assignment>())
                {
                    Sync.TokenSync.CheckAssignment(row, null, null);
                    var asset = (row.AdamId!, row.PricingParam ?? "STDQ");
                    overBroad |= asset != asked;
                    var holder = users ? row.ClientUserId : row.SerialNumber;
                    if (!string.IsNullOrEmpty(holder) && found.TryGetValue(asset, out var holding)) holding.Add(holder!);
                }

                return Task.CompletedTask;
            }, cancellation, () =>
            {
                foreach (var holding in found.Values) holding.Clear();
                overBroad = false;
                return Task.CompletedTask;
            }, $"assignments of asset {asked.AdamId}").ConfigureAwait(false);
        return overBroad ? found : new Dictionary<(string, string), HashSet<string>> { [asked] = found[asked] };
    }

    /// <summary>Each failure entry covers its assets (all of the request's when none are named) × its users or devices.</summary>
    private static Dictionary<(string AdamId, string Target), (string ErrorId, string Reason)> Failures(JobBatch batch, StatusResponse status)
    {
        var result = new Dictionary<(string, string), (string, string)>();
        foreach (var failure in status.Failures ?? new List<EventFailure>())
        {
            var error = AppleErrors.For(failure.ErrorNumber);
            var errorId = failure.ErrorNumber == 9709 ? VppErrorIds.NoLicenseAvailable : error.ErrorId;
            if (batch.Operation == BatchOperation.CreateUsers && failure.ErrorNumber == 9716) continue;
            var reason = $"{error.Message} (Apple error {failure.ErrorNumber}) {error.Action}";
            var targets = (failure.ErrorInfo?.ClientUserIds ?? new List<string>()).Concat(failure.ErrorInfo?.SerialNumbers ?? new List<string>()).ToList();
            var assets = failure.ErrorInfo?.Assets is { Count: > 0 } named
                ? named.Select(a => a.AdamId).ToList()
                : batch.Operation is BatchOperation.Associate or BatchOperation.Disassociate
                    ? batch.Assets.Select(a => a.AdamId).ToList()
                    : new List<string> { string.Empty };
            foreach (var adamId in assets)
            {
                foreach (var target in targets) result[(adamId, target)] = (errorId, reason);
            }
        }

        return result;
    }

    private T Locked<T>(Func<T> work)
    {
        lock (storeGate) return work();
    }

    private void Locked(Action work)
    {
        lock (storeGate) work();
    }
}
