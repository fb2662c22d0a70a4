using System;
using System.Collections.Generic;
using System.Data.Common;
using VppPowerShell.Core.Store;

namespace VppPowerShell.Core.Tokens;

/// <summary>The SQL for the tokens table. Rules live in <see cref="TokenCatalog"/>.</summary>
internal sealed class TokenRepository
{
    private const string Columns =
        "token_id, name, organization_name, apple_id, country_code, account_type, automatic_app_updates, " +
        "expires_on, state, sync_state, last_sync_on, last_sync_error, created_on, renewed_on, service_url, location_name, external_mdm, legacy, sync_owner, sync_heartbeat_on";

    private readonly VppStore store;

    public TokenRepository(VppStore store)
    {
        this.store = store;
    }

    public int Count(DbTransaction? transaction = null) =>
        Convert.ToInt32(Scalar("SELECT COUNT(*) FROM tokens;", transaction));

    public List<VppToken> All(DateTimeOffset now, DbTransaction? transaction = null) =>
        Query($"SELECT {Columns} FROM tokens ORDER BY lower(name), name;", now, transaction, null);

    public VppToken? ById(int tokenId, DateTimeOffset now, DbTransaction? transaction = null) =>
        Single($"SELECT {Columns} FROM tokens WHERE token_id = @value;", tokenId, now, transaction);

    public VppToken? ByName(string name, DateTimeOffset now, DbTransaction? transaction = null) =>
        Single($"SELECT {Columns} FROM tokens WHERE lower(name) = lower(@value);", name, now, transaction);

    public VppToken? ByFingerprint(string fingerprint, DateTimeOffset now, DbTransaction? transaction = null) =>
        Single($"SELECT {Columns} FROM tokens WHERE secret_fingerprint = @value;", fingerprint, now, transaction);

    public byte[]? Secret(int tokenId)
    {
        return Scalar("SELECT secret FROM tokens WHERE token_id = @id;", null, ("@id", tokenId)) as byte[];
    }

    public int Insert(NewTokenRequest request, byte[] secret, DateTimeOffset now, DbTransaction transaction)
    {
        var id = Scalar(
            "INSERT INTO tokens (name, organization_name, apple_id, country_code, account_type, automatic_app_updates, " +
            "consent_given_on, expires_on, state, secret, secret_fingerprint, created_on, service_url) VALUES " +
            "(@name, @org, @appleId, @country, @type, @updates, @now, @expires, @state, @secret, @fingerprint, @now, @serviceUrl) " +
            "RETURNING token_id;",
            transaction,
            ("@name", request.Name), ("@org", request.OrganizationName), ("@appleId", request.AppleId),
            ("@country", request.CountryCode), ("@type", request.AccountType.ToString()),
            ("@updates", request.AutomaticAppUpdates ? 1 : 0), ("@now", VppStore.FormatDate(now)),
            ("@expires", VppStore.FormatDate(request.ExpiresOn)), ("@state", TokenState.Valid.ToString()),
            ("@secret", secret), ("@fingerprint", request.File.Fingerprint), ("@serviceUrl", request.ServiceUrl.AbsoluteUri));
        return Convert.ToInt32(id);
    }

    public void UpdateSettings(int tokenId, string name, string countryCode, bool automaticAppUpdates, DbTransaction transaction)
    {
        Scalar("UPDATE tokens SET name = @name, country_code = @country, automatic_app_updates = @updates WHERE token_id = @id;",
            transaction, ("@id", tokenId), ("@name", name), ("@country", countryCode), ("@updates", automaticAppUpdates ? 1 : 0));
    }

    public void Renew(int tokenId, TokenFile file, byte[] secret, DateTimeOffset now, DbTransaction transaction)
    {
        Scalar(
            "UPDATE tokens SET secret = @secret, secret_fingerprint = @fingerprint, expires_on = @expires, " +
            "organization_name = @org, state = @state, renewed_on = @now WHERE token_id = @id;",
            transaction, ("@id", tokenId), ("@secret", secret), ("@fingerprint", file.Fingerprint),
            ("@expires", VppStore.FormatDate(file.ExpiresOn)), ("@org", file.OrganizationName),
            ("@state", TokenState.Valid.ToString()), ("@now", VppStore.FormatDate(now)));
    }

    public string Fingerprint(int tokenId) =>
        (string)Scalar("SELECT secret_fingerprint FROM tokens WHERE token_id = @id;", null, ("@id", tokenId))!;

    public VppToken? ByLocation(string locationUid, DateTimeOffset now, DbTransaction? transaction = null) =>
        Single($"SELECT {Columns} FROM tokens WHERE location_uid = @value;", locationUid, now, transaction);

    public void SetLocation(int tokenId, string? locationUid, string? locationName, DbTransaction? transaction = null) =>
        Scalar("UPDATE tokens SET location_uid = coalesce(@uid, location_uid), location_name = coalesce(@name, location_name) WHERE token_id = @id;",
            transaction, ("@id", tokenId), ("@uid", (object?)locationUid ?? DBNull.Value), ("@name", (object?)locationName ?? DBNull.Value));

    public void SetState(int tokenId, TokenState state, string? externalMdm, DbTransaction? transaction = null) =>
        Scalar("UPDATE tokens SET state = @state, external_mdm = @mdm WHERE token_id = @id;", transaction,
            ("@id", tokenId), ("@state", state.ToString()), ("@mdm", (object?)externalMdm ?? DBNull.Value));

    /// <summary>
    /// Ends this process's sync of a token (Completed or Failed). A sync another worker has taken over
    /// since is that worker's to end, so the row is left to it.
    /// </summary>
    public void EndSync(int tokenId, SyncState state, string? error, DateTimeOffset? syncedOn, DbTransaction? transaction = null) =>
        Scalar("UPDATE tokens SET sync_state = @state, sync_owner = NULL, sync_heartbeat_on = NULL, last_sync_error = @error, last_sync_on = coalesce(@on, last_sync_on) " +
               "WHERE token_id = @id AND (sync_owner IS NULL OR sync_owner = @owner);",
            transaction, ("@id", tokenId), ("@state", state.ToString()), ("@error", (object?)error ?? DBNull.Value),
            ("@owner", Leases.LeaseOwner.Current), ("@on", syncedOn is { } on ? VppStore.FormatDate(on) : DBNull.Value));

    /// <summary>
    /// Claims the token's sync for this process (R-T10) if its row is still as <paramref name="held"/>
    /// says: compare-and-set, so of two workers claiming at once exactly one wins, without holding the
    /// store's write lock. False when the row changed since it was read.
    /// </summary>
    public bool TryClaimSync(int tokenId, SyncHolder held, DateTimeOffset now) =>
        Scalar(
            "UPDATE tokens SET sync_state = @progress, sync_owner = @me, sync_heartbeat_on = @now, last_sync_error = NULL " +
            "WHERE token_id = @id AND sync_state = @state AND sync_owner IS NOT DISTINCT FROM @owner " +
            "AND sync_heartbeat_on IS NOT DISTINCT FROM @heartbeat AND last_sync_on IS NOT DISTINCT FROM @synced RETURNING token_id;",
            null, ("@id", tokenId), ("@progress", SyncState.InProgress.ToString()), ("@me", Leases.LeaseOwner.Current),
            ("@now", VppStore.FormatDate(now)), ("@state", held.StoredState), ("@owner", (object?)held.Owner ?? DBNull.Value),
            ("@heartbeat", (object?)held.StoredHeartbeat ?? DBNull.Value), ("@synced", (object?)held.StoredLastSyncOn ?? DBNull.Value)) is not null;

    /// <summary>Renews this process's claim on a token's sync, on a connection of its own; false when another worker holds it now.</summary>
    public static bool RenewSync(DbConnection connection, int tokenId, DateTimeOffset now)
    {
        using var command = connection.CreateCommand(null,
            "UPDATE tokens SET sync_heartbeat_on = @now WHERE token_id = @id AND sync_owner = @me AND sync_state = @progress;");
        command.AddParameter("@id", tokenId);
        command.AddParameter("@now", VppStore.FormatDate(now));
        command.AddParameter("@me", Leases.LeaseOwner.Current);
        command.AddParameter("@progress", SyncState.InProgress.ToString());
        return command.ExecuteNonQuery() > 0;
    }

    /// <summary>The token's sync state as stored, with who holds it; null when the token is no longer in the store.</summary>
    public SyncHolder? ReadSyncHolder(int tokenId)
    {
        using var command = store.Connection.CreateCommand(null, "SELECT sync_state, sync_owner, sync_heartbeat_on, last_sync_on FROM tokens WHERE token_id = @id;");
        command.AddParameter("@id", tokenId);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return new SyncHolder(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    public void SetLegacy(int tokenId, bool legacy, string serviceUrl, DbTransaction? transaction = null) =>
        Scalar("UPDATE tokens SET legacy = @legacy, service_url = @url, assignments_version = NULL, users_version = NULL WHERE token_id = @id;", transaction,
            ("@id", tokenId), ("@legacy", legacy ? 1 : 0), ("@url", serviceUrl));

    public void Delete(int tokenId, DbTransaction transaction)
    {
        Scalar("DELETE FROM tokens WHERE token_id = @id;", transaction, ("@id", tokenId));
    }

    /// <summary>A sync the store calls in progress whose process is gone, or whose lease ran out, reads as Interrupted.</summary>
    private static SyncState ReadSyncState(string stored, string? owner, string? heartbeat, DateTimeOffset now)
    {
        var state = (SyncState)Enum.Parse(typeof(SyncState), stored);
        return state == SyncState.InProgress && Leases.LeaseOwner.IsGone(owner, heartbeat is null ? null : VppStore.ParseDate(heartbeat), now)
            ? SyncState.Interrupted
            : state;
    }

    private VppToken? Single(string sql, object value, DateTimeOffset now, DbTransaction? transaction)
    {
        var rows = Query(sql, now, transaction, value);
        return rows.Count == 0 ? null : rows[0];
    }

    private List<VppToken> Query(string sql, DateTimeOffset now, DbTransaction? transaction, object? value)
    {
        using var command = store.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        if (value is not null) command.AddParameter("@value", value);
        var result = new List<VppToken>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(new VppToken(
                tokenId: reader.GetInt32(0),
                name: reader.GetString(1),
                organizationName: reader.GetString(2),
                appleId: reader.GetString(3),
                countryCode: reader.GetString(4),
                accountType: (AccountType)Enum.Parse(typeof(AccountType), reader.GetString(5)),
                automaticAppUpdates: reader.GetInt32(6) != 0,
                expiresOn: VppStore.ParseDate(reader.GetString(7)),
                storedState: (TokenState)Enum.Parse(typeof(TokenState), reader.GetString(8)),
                syncState: ReadSyncState(reader.GetString(9), reader.IsDBNull(18) ? null : reader.GetString(18), reader.IsDBNull(19) ? null : reader.GetString(19), now),
                lastSyncOn: reader.IsDBNull(10) ? null : VppStore.ParseDate(reader.GetString(10)),
                lastSyncError: reader.IsDBNull(11) ? null : reader.GetString(11),
                createdOn: VppStore.ParseDate(reader.GetString(12)),
                renewedOn: reader.IsDBNull(13) ? null : VppStore.ParseDate(reader.GetString(13)),
                now: now,
                serviceUrl: reader.GetString(14),
                locationName: reader.IsDBNull(15) ? null : reader.GetString(15),
                externalMdm: reader.IsDBNull(16) ? null : reader.GetString(16),
                isLegacy: reader.GetInt32(17) != 0));
        }

        return result;
    }

    private object? Scalar(string sql, DbTransaction? transaction, params (string Name, object Value)[] parameters)
    {
        using var command = store.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.AddParameter(name, value);
        return command.ExecuteScalar();
    }
}
