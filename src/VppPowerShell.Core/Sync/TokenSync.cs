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
        var watch = Stopwatch.StartNew();
        var repository = catalog.Repository;
        repository.SetSyncState(token.TokenId, SyncState.InProgress, null, null);
        var client = AppleConnector.For(store, catalog, token, options);
        try
        {
            var summary = await RunAsync(token, full, client, progress, activityId, watch, cancellation).ConfigureAwait(false);
            progress?.Report(new ProgressReport(activityId, $"Syncing {token.Name}", "Done", 100, completed: true));
            return summary;
        }
        catch (Exception e)
        {
            RecordFailure(token, e);
            throw;
        }
    }

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
            await client.ClaimAsync(StoreIdentity.MdmInfo(store), cancellation).ConfigureAwait(false);
        }

        Report("Reading assets", 5, "Assets");
        var assets = new List<ResponseAsset>();
        await PageReader.ReadAllAsync(client.GetAssetsPageAsync, page =>
        {
            if (page.Assets is not null) assets.AddRange(page.Assets);
            Report("Reading assets", 5, "Assets", assets.Count);
            return Task.CompletedTask;
        }, cancellation).ConfigureAwait(false);

        Report("Reading names from the country store", 10);
        var metadata = await client.LookupContentAsync(assets.Select(a => a.AdamId).Distinct().ToList(), token.CountryCode,
            token.AccountType == AccountType.Education, cancellation).ConfigureAwait(false);

        var (assignmentsVersion, usersVersion, lastGeneration) = ReadVersions(token.TokenId);
        var incremental = !full && assignmentsVersion is not null && usersVersion is not null;
        var generation = lastGeneration + 1;
        var now = DateTimeOffset.UtcNow;

        using var transaction = store.BeginWrite();
        using var writer = new SyncWriter(store, transaction, token.TokenId, generation);
        var assetCounts = writer.ReplaceAssets(assets, metadata, now);

        var assignmentCounts = new SyncCounts();
        var before = writer.CountAssignments();
        var read = 0;
        string? newAssignmentsVersion;
        try
        {
            newAssignmentsVersion = await PageReader.ReadAllAsync(
                (index, c) => client.GetAssignmentsPageAsync(index, incremental ? assignmentsVersion : null, null, null, c),
                page =>
                {
                    writer.UpsertAssignments(page.Assignments);
                    read += page.Count;
                    Report("Reading assignments", 20, "Assignments", read);
                    return Task.CompletedTask;
                }, cancellation).ConfigureAwait(false);
        }
        catch (AppleServiceException e) when (incremental && e.ErrorNumber == 9721)
        {
            // Apple no longer knows the version we stopped at: read everything.
            incremental = false;
            newAssignmentsVersion = await PageReader.ReadAllAsync(
                (index, c) => client.GetAssignmentsPageAsync(index, null, null, null, c),
                page =>
                {
                    writer.UpsertAssignments(page.Assignments);
                    read += page.Count;
                    Report("Reading assignments", 20, "Assignments", read);
                    return Task.CompletedTask;
                }, cancellation).ConfigureAwait(false);
        }

        if (incremental)
        {
            // A delta lists new and changed rows, never removed ones (API §7.3). Where the store's
            // count for an asset differs from Apple's assignedCount, that asset is read again whole.
            var stored = writer.AssignmentCountsByAsset();
            var drifted = assets.Where(a =>
            {
                stored.TryGetValue((a.AdamId, a.PricingParam ?? "STDQ"), out var count);
                return count != a.AssignedCount;
            }).ToList();
            foreach (var asset in drifted)
            {
                var pricing = asset.PricingParam ?? "STDQ";
                assignmentCounts.Removed += writer.RemoveAssignmentsOf(asset.AdamId, pricing);
                await PageReader.ReadAllAsync(
                    (index, c) => client.GetAssignmentsPageAsync(index, null, asset.AdamId, pricing, c),
                    page =>
                    {
                        writer.UpsertAssignments(page.Assignments);
                        return Task.CompletedTask;
                    }, cancellation).ConfigureAwait(false);
            }

            var after = writer.CountAssignments();
            assignmentCounts.Added = after - before + assignmentCounts.Removed;
        }
        else
        {
            assignmentCounts.Removed = writer.SweepAssignments();
            assignmentCounts.Added = writer.CountAssignments() - (before - assignmentCounts.Removed);
        }

        var userCounts = new SyncCounts();
        var usersRead = 0;
        var usersIncremental = incremental;
        string? newUsersVersion;
        try
        {
            newUsersVersion = await ReadUsersAsync(usersIncremental ? usersVersion : null).ConfigureAwait(false);
        }
        catch (AppleServiceException e) when (usersIncremental && e.ErrorNumber == 9721)
        {
            usersIncremental = false;
            newUsersVersion = await ReadUsersAsync(null).ConfigureAwait(false);
        }

        if (!usersIncremental) userCounts.Removed = writer.SweepUsers();

        catalog.Repository.SetLocation(token.TokenId, config.UId, config.LocationName, transaction);
        SaveVersions(token.TokenId, newAssignmentsVersion, newUsersVersion, generation, transaction);
        catalog.Repository.SetState(token.TokenId, TokenState.Valid, null, transaction);
        catalog.Repository.SetSyncState(token.TokenId, SyncState.Completed, null, now, transaction);
        transaction.Commit();

        return new SyncSummary(token.TokenId, token.Name, !incremental, assetCounts, assignmentCounts, userCounts, client.Requests, watch.Elapsed);

        async Task<string?> ReadUsersAsync(string? since) =>
            await PageReader.ReadAllAsync(
                (index, c) => client.GetUsersPageAsync(index, since, c),
                page =>
                {
                    writer.UpsertUsers(page.Users, ref userCounts);
                    usersRead += page.Count;
                    Report("Reading users", 70, "Users", usersRead);
                    return Task.CompletedTask;
                }, cancellation).ConfigureAwait(false);
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

    private void RecordFailure(VppToken token, Exception error)
    {
        var repository = catalog.Repository;
        var reason = error is OperationCanceledException ? "Stopped before it finished." : error.Message;
        repository.SetSyncState(token.TokenId, SyncState.Failed, reason, null);
        if (error is TokenOwnershipException owner)
        {
            repository.SetState(token.TokenId, TokenState.AssignedToExternalMdm, owner.OwnerName);
        }
        else if (error is AppleServiceException { Error.TokenState: { } state })
        {
            repository.SetState(token.TokenId, state, null);
        }
    }

    private (string? Assignments, string? Users, long Generation) ReadVersions(int tokenId)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = "SELECT assignments_version, users_version, sync_generation FROM tokens WHERE token_id = $id;";
        command.Parameters.AddWithValue("$id", tokenId);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2));
    }

    private void SaveVersions(int tokenId, string? assignments, string? users, long generation, Microsoft.Data.Sqlite.SqliteTransaction transaction)
    {
        using var command = store.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE tokens SET assignments_version = $a, users_version = $u, sync_generation = $g WHERE token_id = $id;";
        command.Parameters.AddWithValue("$id", tokenId);
        command.Parameters.AddWithValue("$a", (object?)assignments ?? DBNull.Value);
        command.Parameters.AddWithValue("$u", (object?)users ?? DBNull.Value);
        command.Parameters.AddWithValue("$g", generation.ToString(CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }
}
