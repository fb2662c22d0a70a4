using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Sync;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Core.Migration;

/// <summary>
/// Moves a legacy token record onto the location its buyer migrated to (business rules: migration from legacy VPP):
/// the new location token goes onto the existing record, which is then synced, so apps,
/// assignments, groups and history are kept and nothing is re-created. When Apple left assigned
/// licenses with the legacy token (the buyer moved into a location already in use, API §14.3),
/// the move is refused: those assignments would have to be re-created.
/// </summary>
public sealed class TokenMove
{
    private readonly VppStore store;
    private readonly TokenCatalog catalog;
    private readonly AppleClientOptions? options;

    public TokenMove(VppStore store, AppleClientOptions? options = null)
    {
        this.store = store;
        catalog = new TokenCatalog(store);
        this.options = options;
    }

    /// <summary>Checks what moving would do; throws with the reason when it would lose or re-create assignments.</summary>
    public async Task<TokenClaim> CheckAsync(VppToken token, TokenSource locationToken, Uri serviceUrl, bool force, CancellationToken cancellation)
    {
        if (!token.IsLegacy)
        {
            throw new VppException(VppErrorIds.TokenNotLegacy, VppErrorCategory.InvalidOperation,
                $"Token '{token.Name}' is already a location token.", token, $"To renew it, run Set-VppToken -Name '{token.Name}' -Path <file>.");
        }

        var left = await AssignmentsLeftOnLegacyAsync(token, cancellation).ConfigureAwait(false);
        if (left is null && !force)
        {
            throw new VppException(VppErrorIds.TokenMoveIncomplete, VppErrorCategory.InvalidOperation,
                $"Apple does not accept the legacy token '{token.Name}' (expired or invalid), so whether assignments stayed with it cannot be checked. Nothing was changed.",
                token, "Renew the legacy token with Set-VppToken -Path to check first, or run the command again with -Force to move anyway.");
        }

        if (left > 0 && !force)
        {
            throw new VppException(VppErrorIds.TokenMoveIncomplete, VppErrorCategory.InvalidOperation,
                $"Apple still lists {left} assignment(s) on the legacy token '{token.Name}': its buyer moved into a location that already held licenses, so assigned licenses stayed with the legacy token (Apple moves them only when they are unassigned). Moving now would drop them from this store. Nothing was changed.",
                token, $"Keep the legacy token for those licenses, or re-create them on the location with Import-VppAssignment -LegacyTokenPath; -Force moves anyway.");
        }

        var file = locationToken.Read();
        TokenCatalog.RefuseExpired(file, locationToken.Description, DateTimeOffset.UtcNow);
        return await TokenClaim.InspectAsync(store, serviceUrl, file.Content, file.Fingerprint, options, cancellation).ConfigureAwait(false);
    }

    public async Task<VppTokenMove> MoveAsync(VppToken token, TokenSource locationToken, Uri serviceUrl, TokenClaim claim, IProgress<ProgressReport>? progress,
        CancellationToken cancellation)
    {
        var before = Assignments(token.TokenId);
        catalog.Update(token.TokenId, new TokenChanges { Renewal = locationToken, AllowOrganizationChange = true, RenewalLocationUid = claim.LocationUid });
        catalog.MarkMoved(token.TokenId, serviceUrl);
        await claim.ClaimAsync(cancellation).ConfigureAwait(false);
        catalog.MarkReclaimed(token.TokenId);
        var moved = catalog.Get(token.TokenId);
        await new TokenSync(store, options).SyncAsync(moved, true, progress, 1, cancellation).ConfigureAwait(false);
        var after = Assignments(token.TokenId);
        var missing = before.Where(a => !after.Contains(a)).OrderBy(a => a, StringComparer.Ordinal).ToList();
        return new VppTokenMove(token.TokenId, moved.Name, catalog.Get(token.TokenId).LocationName, before.Count, before.Count - missing.Count, missing, after.Count);
    }

    /// <summary>Assignments Apple still lists on the legacy token; 0 once Apple revoked it after a complete move; null when Apple refuses the token otherwise.</summary>
    private async Task<int?> AssignmentsLeftOnLegacyAsync(VppToken token, CancellationToken cancellation)
    {
        try
        {
            var reader = await Apple.Legacy.LegacyAccountReader.ConnectAsync(new Uri(token.ServiceUrl), catalog.RevealCredential(token), options, cancellation).ConfigureAwait(false);
            if (reader.ClientConfig.IsUsedInV2) return 0;
            var count = 0;
            await reader.ReadAssignmentsAsync(batch =>
            {
                count += batch.Count;
                return Task.CompletedTask;
            }, cancellation).ConfigureAwait(false);
            return count;
        }
        catch (AppleServiceException e) when (e.ErrorNumber == 9625)
        {
            // After a complete move Apple revokes the legacy token: nothing is left on it.
            return 0;
        }
        catch (AppleServiceException e) when (e.Error.TokenState is not null)
        {
            return null;
        }
    }

    private HashSet<string> Assignments(int tokenId) =>
        new(new LicenseQueries(store).Assignments(new[] { tokenId }).Select(a => $"{a.AdamId} -> {a.SerialNumber ?? a.ClientUserId}"), StringComparer.Ordinal);
}
