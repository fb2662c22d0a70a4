using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Apple.Legacy;
using VppPowerShell.Core.Apple.Wire;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Core.Sync;

/// <summary>
/// Copies a legacy token's assets, assignments and users from Apple's v1 service (API §13) into the
/// store, with the v1 to v2 field mapping of API §14.2, in one transaction: always a full pass
/// (v1 license batches are not comparable with v2 versions).
/// </summary>
public sealed class LegacySync
{
    private readonly VppStore store;
    private readonly TokenCatalog catalog;
    private readonly AppleClientOptions? options;

    public LegacySync(VppStore store, AppleClientOptions? options = null)
    {
        this.store = store;
        catalog = new TokenCatalog(store);
        this.options = options;
    }

    /// <summary>What this sync does when another worker is syncing the token (R-T10).</summary>
    public SyncClaimPolicy Claims { get; init; } = SyncClaimPolicy.Leave;

    public Task<SyncSummary> SyncAsync(VppToken token, IProgress<ProgressReport>? progress, int activityId, CancellationToken cancellation) =>
        SyncClaim.RunAsync(store, token, Claims, progress, activityId, claimed => SyncClaimedAsync(token, progress, activityId, claimed), cancellation);

    private async Task<SyncSummary> SyncClaimedAsync(VppToken token, IProgress<ProgressReport>? progress, int activityId, CancellationToken cancellation)
    {
        var watch = Stopwatch.StartNew();
        var repository = catalog.Repository;
        try
        {
            progress?.Report(new ProgressReport(activityId, $"Syncing {token.Name} (legacy)", "Checking the token with Apple", 0));
            var reader = await LegacyTokens.ConnectAsync(new Uri(token.ServiceUrl), catalog.RevealCredential(token), options, cancellation).ConfigureAwait(false);
            var other = LegacyTokens.OtherOwner(reader, store);
            if (other is not null) throw new TokenOwnershipException(other, reader.ClientConfig.ClientContext, reader.ClientConfig.Owner?.Guid);
            if (!reader.ClientConfig.IsClaimed) await LegacyTokens.ClaimAsync(reader, store, cancellation).ConfigureAwait(false);

            progress?.Report(new ProgressReport(activityId, $"Syncing {token.Name} (legacy)", "Reading assets", 10));
            var assets = (await reader.ReadAssetsAsync(cancellation).ConfigureAwait(false)).Select(a => new ResponseAsset
            {
                AdamId = a.AdamId, PricingParam = a.PricingParam, ProductType = a.ProductType, AssignedCount = a.AssignedCount,
                AvailableCount = a.AvailableCount, TotalCount = a.TotalCount, RetiredCount = a.RetiredCount, DeviceAssignable = a.DeviceAssignable,
                Revocable = !a.IsIrrevocable, SupportedPlatforms = new List<string>(),
            }).ToList();

            long generation;
            using (var command = store.Connection.CreateCommand())
            {
                command.CommandText = "SELECT sync_generation FROM tokens WHERE token_id = @id;";
                command.AddParameter("@id", token.TokenId);
                generation = Convert.ToInt64(command.ExecuteScalar()) + 1;
            }

            var now = DateTimeOffset.UtcNow;
            using var transaction = store.BeginTokenWrite(token.TokenId);
            var writer = new SyncWriter(store, transaction, token.TokenId, generation);
            var assetCounts = writer.ReplaceAssets(assets, new Dictionary<string, ContentItem>(), now);
            var before = writer.CountAssignments();
            await reader.ReadAssignmentsAsync(batch =>
            {
                writer.UpsertAssignments(batch.Select(a => new Assignment { AdamId = a.AdamId, PricingParam = a.PricingParam, ClientUserId = a.ClientUserId, SerialNumber = a.SerialNumber }));
                return Task.CompletedTask;
            }, cancellation).ConfigureAwait(false);
            var assignmentCounts = new SyncCounts { Removed = writer.SweepAssignments() };
            assignmentCounts.Added = writer.CountAssignments() - (before - assignmentCounts.Removed);

            var userCounts = new SyncCounts();
            await reader.ReadUsersAsync(batch =>
            {
                writer.UpsertUsers(batch.Where(u => u.ClientUserId is not null).Select(u => new ResponseUser
                {
                    ClientUserId = u.ClientUserId!, Email = u.Email, Status = u.Status, InviteCode = u.InviteCode, IdHash = u.IdHash,
                }), ref userCounts);
                return Task.CompletedTask;
            }, cancellation: cancellation).ConfigureAwait(false);
            userCounts.Removed = writer.SweepUsers();

            using (var command = store.Connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "UPDATE tokens SET sync_generation = @g WHERE token_id = @id;";
                command.AddParameter("@g", generation);
                command.AddParameter("@id", token.TokenId);
                command.ExecuteNonQuery();
            }

            repository.SetLocation(token.TokenId, reader.ClientConfig.UId, reader.ClientConfig.LocationName, transaction);
            repository.SetState(token.TokenId, TokenState.Valid, null, transaction);
            repository.EndSync(token.TokenId, SyncState.Completed, null, now, transaction);
            transaction.Commit();
            return new SyncSummary(token.TokenId, token.Name, true, assetCounts, assignmentCounts, userCounts, reader.Requests, watch.Elapsed);
        }
        catch (Exception e)
        {
            SyncFailure.Record(store, token, e);
            throw;
        }
    }
}
