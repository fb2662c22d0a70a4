using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Apple.Wire;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Core.Sync;

/// <summary>
/// Brings one token's copy of Apple's data up to date (R-T5 to R-T7). Assets are read in full
/// (Apple offers no delta for them); assignments and users incrementally from the last
/// versionId unless a full pass is asked for. Everything is written in one transaction, so a
/// failed sync leaves the last good copy as it was and records why.
/// </summary>
public sealed class TokenSync
{
    /// <summary>A sync that added more rows than this refreshes the planner's statistics of them.</summary>
    private const int AnalyzeAfterRows = 10_000;

    /// <summary>How many stored assignments a sync holds in memory at most to compare assets with Apple's.</summary>
    private const int StoredRowsReadAtOnce = 50_000;

    private readonly VppStore store;
    private readonly TokenCatalog catalog;
    private readonly AppleClientOptions? options;

    public TokenSync(VppStore store, AppleClientOptions? options = null)
    {
        this.store = store;
        catalog = new TokenCatalog(store);
        this.options = options;
    }

    public async Task<SyncSummary> SyncAsync(VppToken token, bool full, IProgress<ProgressReport>? progress, int activityId,
        CancellationToken cancellation)
    {
        RefuseUnusable(token);
        ThreadPoolHeadroom.Ensure();
        return await SyncClaim.RunAsync(store, token, Claims, progress, activityId, async claimed =>
        {
            var watch = Stopwatch.StartNew();
            var client = AppleConnector.For(store, catalog, token, options);
            try
            {
                var summary = await RunAsync(token, full, client, progress, activityId, watch, claimed).ConfigureAwait(false);
                progress?.Report(new ProgressReport(activityId, $"Syncing {token.Name}", "Done", 100, completed: true));
                return summary;
            }
            catch (Exception e)
            {
                SyncFailure.Record(store, token, e);
                throw;
            }
        }, cancellation).ConfigureAwait(false);
    }

    /// <summary>What this sync does when another worker is syncing the token (R-T10).</summary>
    public SyncClaimPolicy Claims { get; init; } = SyncClaimPolicy.Leave;

    private async Task<SyncSummary> RunAsync(VppToken token, bool full, AppleServiceClient client, IProgress<ProgressReport>? progress,
        int activityId, Stopwatch watch, CancellationToken cancellation)
    {
        void Report(string status, int percent, string? resource = null, int done = 0)
        {
            progress?.Report(new ProgressReport(activityId, $"Syncing {token.Name}", status, percent));
            if (resource is not null)
            {
                progress?.Report(new ProgressReport(activityId + 1, resource, $"{done:N0} read", -1, activityId));
            }
        }

        Report("Checking the token with Apple", 0);
        var config = await client.GetClientConfigAsync(cancellation).ConfigureAwait(false);
        if (config.MdmInfo?.Id is null)
        {
            await client.ClaimAsync(StoreMdmInfo.Of(store), cancellation).ConfigureAwait(false);
        }

        Report("Reading assets", 5, "Assets");
        var assets = new List<ResponseAsset>();
        await PageReader.ReadAllAsync(client.GetAssetsPageAsync, page =>
        {
            if (page.Assets is not null)
            {
                foreach (var asset in page.Assets) CheckAsset(asset);
                assets.AddRange(page.Assets);
            }

            Report("Reading assets", 5, "Assets", assets.Count);
            return Task.CompletedTask;
        }, cancellation, restart: () =>
        {
            assets.Clear();
            return Task.CompletedTask;
        }, what: "assets").ConfigureAwait(false);

        var point = ReadSyncPoint(token.TokenId);
        var incremental = !full && point.AssignmentsVersion is not null && point.UsersVersion is not null;
        Report("Reading names from the country store", 10);
        var metadata = await LookUpNamesAsync(client, token, assets, lookUpAll: !incremental || point.NamesCountry != token.CountryCode,
            cancellation).ConfigureAwait(false);

        var generation = point.Generation + 1;
        var now = DateTimeOffset.UtcNow;
        using var writes = new DeferredSyncWrites(store, token.TokenId, generation);
        var assetCounts = new SyncCounts();
        var before = 0;
        writes.Write(assets.Count, writer =>
        {
            assetCounts = writer.ReplaceAssets(assets, metadata, now);
            before = writer.CountAssignments();
        });
        var assignmentCounts = new SyncCounts();

        var read = 0;
        Task ConsumeAssignments(GetAssignmentsResponse page)
        {
            foreach (var row in page.Assignments ?? new List<Assignment>()) CheckAssignment(row, null, null);
            writes.Write(page.Count, writer => writer.UpsertAssignments(page.Assignments));
            read += page.Count;
            Report("Reading assignments", 20, "Assignments", read);
            return Task.CompletedTask;
        }

        Task ForgetAssignments()
        {
            writes.Write(0, writer => writer.ForgetSeenAssignments());
            read = 0;
            return Task.CompletedTask;
        }

        // A full read must see one version on every page (a mix of two would keep rows Apple moved
        // or drop rows it kept); a delta may span versions: the next one starts from its first page's.
        Task<string?> ReadAllAssignments(CancellationToken reading) => PageReader.ReadAllAsync(
            (index, c) => client.GetAssignmentsPageAsync(index, null, null, null, c), ConsumeAssignments, reading, ForgetAssignments, "assignments");

        string? fullReason = null;
        async Task<string?> ReadAssignments(CancellationToken reading)
        {
            try
            {
                return incremental
                    ? await PageReader.ReadAllAsync(
                        (index, c) => client.GetAssignmentsPageAsync(index, point.AssignmentsVersion, null, null, c),
                        ConsumeAssignments, reading, what: "assignments").ConfigureAwait(false)
                    : await ReadAllAssignments(reading).ConfigureAwait(false);
            }
            catch (AppleServiceException e) when (incremental && e.ErrorNumber == 9721)
            {
                // Apple no longer knows the version we stopped at: read everything.
                incremental = false;
                fullReason = $"Apple no longer knows the version of the last sync (error {e.ErrorNumber}), so every assignment was read again.";
                return await ReadAllAssignments(reading).ConfigureAwait(false);
            }
        }

        var userCounts = new SyncCounts();
        var retired = new List<string>();
        var usersRead = 0;
        Task ConsumeUsers(GetUsersResponse page)
        {
            writes.Write(page.Count, writer => writer.UpsertUsers(page.Users, ref userCounts, retired));
            usersRead += page.Count;
            Report("Reading users", 70, "Users", usersRead);
            return Task.CompletedTask;
        }

        Task ForgetUsers()
        {
            writes.Write(0, writer =>
            {
                writer.ForgetSeenUsers();
                retired.Clear();
            });
            usersRead = 0;
            return Task.CompletedTask;
        }

        Task<string?> ReadAllUsers(CancellationToken reading) => PageReader.ReadAllAsync(
            (index, c) => client.GetUsersPageAsync(index, null, c), ConsumeUsers, reading, ForgetUsers, "users");

        var usersIncremental = incremental;
        async Task<string?> ReadUsers(CancellationToken reading)
        {
            try
            {
                return usersIncremental
                    ? await PageReader.ReadAllAsync(
                        (index, c) => client.GetUsersPageAsync(index, point.UsersVersion, c), ConsumeUsers, reading, what: "users").ConfigureAwait(false)
                    : await ReadAllUsers(reading).ConfigureAwait(false);
            }
            catch (AppleServiceException e) when (usersIncremental && e.ErrorNumber == 9721)
            {
                usersIncremental = false;
                return await ReadAllUsers(reading).ConfigureAwait(false);
            }
        }

        // Assignments and users need nothing from each other's answers, so they are read at the same
        // time (the token's gate still keeps the two reads together to Apple's 5 requests in flight).
        var (assignmentsVersion, usersVersion) = await ReadBothAsync(ReadAssignments, ReadUsers, cancellation).ConfigureAwait(false);

        // Apple's pages are read: from here on the sync writes, holding the token's write lock.
        var writer = writes.Writer();
        var transaction = writes.Transaction;
        if (!usersIncremental) userCounts.Removed = writer.SweepUsers();
        if (incremental)
        {
            // A delta lists new and changed rows, never removed ones (API §7.3). Retired users lose
            // their revocable licenses; any other removal shows as an asset whose stored count differs
            // from Apple's assignedCount, and only those assets are read again.
            assignmentCounts.Removed += writer.RemoveRevocableAssignmentsOf(retired);
            Report("Reconciling assets whose counts moved", 85);
            try
            {
                var reconciled = await ReconcileDriftAsync(client, writer, assets, cancellation).ConfigureAwait(false);
                assignmentCounts.Removed += reconciled.Removed;
                assignmentCounts.Added = reconciled.Stored - before + assignmentCounts.Removed;
            }
            catch (VppException e) when (e.ErrorId == VppErrorIds.AppleAnswerUnexpected)
            {
                // An asset's rows did not come back as asked (a filter Apple ignored, for one): read
                // everything instead, so the store holds what Apple holds and nothing else.
                Report("Reading every assignment again", 85, "Assignments");
                incremental = false;
                fullReason = e.Message;
                read = 0;
                assignmentsVersion = await ReadAllAssignments(cancellation).ConfigureAwait(false);
                assignmentCounts.Removed = writer.SweepAssignments();
                assignmentCounts.Added = writer.CountAssignments() - (before - assignmentCounts.Removed);
            }
        }
        else
        {
            assignmentCounts.Removed = writer.SweepAssignments();
            assignmentCounts.Added = writer.CountAssignments() - (before - assignmentCounts.Removed);
        }

        catalog.Repository.SetLocation(token.TokenId, config.UId, config.LocationName, transaction);
        SaveSyncPoint(token.TokenId, new SyncPoint(assignmentsVersion, usersVersion, generation, token.CountryCode), transaction);
        catalog.Repository.SetState(token.TokenId, TokenState.Valid, null, transaction);
        catalog.Repository.EndSync(token.TokenId, SyncState.Completed, null, now, transaction);
        transaction.Commit();
        if (assignmentCounts.Added + userCounts.Added > AnalyzeAfterRows) store.Dialect.Analyze(store.Connection, null, "assets", "assignments", "users");

        return new SyncSummary(token.TokenId, token.Name, !incremental, assetCounts, assignmentCounts, userCounts, client.Requests, watch.Elapsed, fullReason);
    }

    /// <summary>Runs two reads at once; when one fails the other is stopped, and the failure (not the stop it caused) is thrown.</summary>
    private static async Task<(string? First, string? Second)> ReadBothAsync(Func<CancellationToken, Task<string?>> first,
        Func<CancellationToken, Task<string?>> second, CancellationToken cancellation)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        async Task<string?> StopTheOtherOnFailure(Func<CancellationToken, Task<string?>> read)
        {
            try
            {
                return await read(both.Token).ConfigureAwait(false);
            }
            catch
            {
                both.Cancel();
                throw;
            }
        }

        var reads = new[] { StopTheOtherOnFailure(first), StopTheOtherOnFailure(second) };
        try
        {
            await Task.WhenAll(reads).ConfigureAwait(false);
        }
        catch
        {
            var errors = reads.Where(r => r.IsFaulted || r.IsCanceled).Select(r => r.Exception?.GetBaseException() ?? new OperationCanceledException(cancellation)).ToList();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(errors.FirstOrDefault(e => e is not OperationCanceledException) ?? errors[0]).Throw();
        }

        return (reads[0].Result, reads[1].Result);
    }

    /// <summary>
    /// Reads every asset whose stored assignment count differs from Apple's, up to 5 at once, and applies the differences;
    /// returns the rows removed and the token's assignments stored after. The store's rows of those assets are read a
    /// batch of assets at a time while Apple's are on their way.
    /// </summary>
    private static async Task<(int Removed, int Stored)> ReconcileDriftAsync(AppleServiceClient client, SyncWriter writer,
        IReadOnlyList<ResponseAsset> assets, CancellationToken cancellation)
    {
        var stored = writer.AssignmentCountsByAsset();
        int StoredCount((string, string) asset) => stored.TryGetValue(asset, out var count) ? count : 0;
        var drifted = assets.Select(a => (a.AdamId, PricingParam: a.PricingParam ?? "STDQ", a.AssignedCount))
            .Where(a => StoredCount((a.AdamId, a.PricingParam)) != a.AssignedCount)
            .Select(a => (a.AdamId, a.PricingParam)).Distinct().ToList();

        async Task<HashSet<(string, string)>> ReadAsset((string AdamId, string PricingParam) asset)
        {
            var rows = new HashSet<(string, string)>();
            await PageReader.ReadAllAsync(
                (index, c) => client.GetAssignmentsPageAsync(index, null, asset.AdamId, asset.PricingParam, c),
                page =>
                {
                    foreach (var row in page.Assignments ?? new List<Assignment>())
                    {
                        CheckAssignment(row, asset.AdamId, asset.PricingParam);
                        rows.Add((row.ClientUserId ?? string.Empty, row.SerialNumber ?? string.Empty));
                    }

                    return Task.CompletedTask;
                }, cancellation, () =>
                {
                    rows.Clear();
                    return Task.CompletedTask;
                }, $"assignments of asset {asset.AdamId}").ConfigureAwait(false);
            return rows;
        }

        // The store's rows of the assets from `compared` on, read up to StoredRowsReadAtOnce rows (and
        // SqlFilter's limit of assets) at a time: one query per batch, not one per asset.
        var storedRows = new Dictionary<(string, string), HashSet<(string, string)>>();
        var compared = 0;
        var batchEnd = 0;
        void ReadNextBatch()
        {
            var batch = new List<(string, string)>();
            var rows = 0;
            while (batchEnd < drifted.Count && batch.Count < SyncWriter.KeysPerQuery && (batch.Count == 0 || rows < StoredRowsReadAtOnce))
            {
                batch.Add(drifted[batchEnd]);
                rows += StoredCount(drifted[batchEnd++]);
            }

            storedRows = writer.ReadAssignmentsOf(batch);
        }

        var window = new Queue<((string AdamId, string PricingParam) Asset, Task<HashSet<(string, string)>> Rows)>();
        var next = 0;
        try
        {
            while (next < drifted.Count || window.Count > 0)
            {
                while (window.Count < AppleClientOptions.MaxInFlightPerToken && next < drifted.Count)
                {
                    var asset = drifted[next++];
                    window.Enqueue((asset, ReadAsset(asset)));
                }

                var (done, rows) = window.Dequeue();
                if (compared++ == batchEnd) ReadNextBatch();
                writer.CompareAssignmentsOf(done.AdamId, done.PricingParam, storedRows[done], await rows.ConfigureAwait(false));
            }
        }
        catch
        {
            foreach (var (_, pending) in window)
            {
                try
                {
                    await pending.ConfigureAwait(false);
                }
                catch
                {
                    // Abandoned reads: the sync fails with the first error.
                }
            }

            throw;
        }

        var (added, removed) = writer.WriteComparedAssignments();
        return (removed, stored.Values.Sum() + added - removed);
    }

    /// <summary>
    /// R-T5: names from the token's country store. A full sync, or a changed country, looks every
    /// asset up; otherwise only assets without a name yet.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, ContentItem>> LookUpNamesAsync(AppleServiceClient client, VppToken token,
        IReadOnlyList<ResponseAsset> assets, bool lookUpAll, CancellationToken cancellation)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (!lookUpAll)
        {
            using var command = store.Connection.CreateCommand();
            command.CommandText = "SELECT adam_id FROM assets WHERE token_id = @id AND name IS NOT NULL;";
            command.AddParameter("@id", token.TokenId);
            using var reader = command.ExecuteReader();
            while (reader.Read()) known.Add(reader.GetString(0));
        }

        var wanted = assets.Select(a => a.AdamId).Where(id => !known.Contains(id)).Distinct().ToList();
        return await client.LookupContentAsync(wanted, token.CountryCode, token.AccountType == AccountType.Education, cancellation).ConfigureAwait(false);
    }

    private static void CheckAsset(ResponseAsset asset)
    {
        if (string.IsNullOrEmpty(asset.AdamId)) throw PageReader.Unexpected("assets", "an asset without an adamId");
    }

    /// <summary>
    /// A row of GET assignments names an asset and exactly one user or device, and, when the read
    /// asked for one asset, that asset at that pricing.
    /// </summary>
    internal static void CheckAssignment(Assignment row, string? adamId, string? pricingParam)
    {
        if (string.IsNullOrEmpty(row.AdamId)) throw PageReader.Unexpected("assignments", "a row without an adamId");
        if (string.IsNullOrEmpty(row.ClientUserId) == string.IsNullOrEmpty(row.SerialNumber))
        {
            throw PageReader.Unexpected("assignments", $"a row of asset {row.AdamId} naming {(string.IsNullOrEmpty(row.ClientUserId) ? "neither a user nor a device" : "both a user and a device")}");
        }

        if (adamId is not null && (row.AdamId != adamId || (row.PricingParam ?? "STDQ") != pricingParam))
        {
            throw PageReader.Unexpected($"assignments of asset {adamId} ({pricingParam})",
                $"it listed a row of asset {row.AdamId} ({row.PricingParam ?? "STDQ"})");
        }
    }

    private static void RefuseUnusable(VppToken token)
    {
        if (token.State == TokenState.Expired)
        {
            throw new VppException(VppErrorIds.TokenNotUsable, VppErrorCategory.AuthenticationError,
                $"Token '{token.Name}' expired on {token.ExpiresOn:yyyy-MM-dd}; Apple refuses every call made with it.", token,
                $"Download a new token and run Set-VppToken -Name '{token.Name}' -Path <file>.");
        }

        if (token.State == TokenState.AssignedToExternalMdm)
        {
            throw new VppException(VppErrorIds.TokenNotUsable, VppErrorCategory.PermissionDenied,
                $"Token '{token.Name}' is in use by another management system ('{token.ExternalMdm}'); this store no longer works with it.", token,
                $"If that system should no longer manage the location, run Set-VppToken -Name '{token.Name}' -TakeControl.");
        }
    }

    private SyncPoint ReadSyncPoint(int tokenId)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = "SELECT assignments_version, users_version, sync_generation, names_country FROM tokens WHERE token_id = @id;";
        command.AddParameter("@id", tokenId);
        using var reader = command.ExecuteReader();
        reader.Read();
        return new SyncPoint(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    private void SaveSyncPoint(int tokenId, SyncPoint point, System.Data.Common.DbTransaction transaction)
    {
        using var command = store.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE tokens SET assignments_version = @a, users_version = @u, sync_generation = @g, names_country = @c WHERE token_id = @id;";
        command.AddParameter("@id", tokenId);
        command.AddParameter("@a", (object?)point.AssignmentsVersion ?? DBNull.Value);
        command.AddParameter("@u", (object?)point.UsersVersion ?? DBNull.Value);
        command.AddParameter("@g", point.Generation);
        command.AddParameter("@c", (object?)point.NamesCountry ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    /// <summary>Where the last sync stopped: Apple's versions, the sweep generation, the country names came from.</summary>
    private sealed record SyncPoint(string? AssignmentsVersion, string? UsersVersion, long Generation, string? NamesCountry);
}
