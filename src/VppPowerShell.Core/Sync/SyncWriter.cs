using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Data.Common;
using VppPowerShell.Core.Apple.Wire;
using VppPowerShell.Core.Store;

namespace VppPowerShell.Core.Sync;

/// <summary>
/// Writes one token's copy of Apple's data inside the sync's transaction. Rows seen in this pass
/// carry its generation; a full pass then sweeps rows Apple no longer has.
/// </summary>
internal sealed class SyncWriter
{
    private const string DefaultPricing = "STDQ";

    private readonly VppStore store;
    private readonly DbConnection connection;
    private readonly DbTransaction transaction;
    private readonly int tokenId;
    private readonly long generation;
    private static readonly string[] AssignmentColumns = { "token_id", "adam_id", "pricing_param", "client_user_id", "serial_number", "generation" };
    private static readonly string[] AssignmentKey = { "token_id", "adam_id", "pricing_param", "client_user_id", "serial_number" };
    private static readonly string AssignmentConflict = string.Join(", ", AssignmentKey);
    private static readonly string[] AssetColumns =
    {
        "token_id", "adam_id", "pricing_param", "product_type", "name", "bundle_id", "total_count", "assigned_count",
        "available_count", "retired_count", "device_assignable", "revocable", "supported_platforms", "confirmed_on",
    };
    private static readonly string[] UserColumns = { "token_id", "client_user_id", "email", "status", "invite_code", "id_hash", "generation" };
    /// <summary>The most users, or assets, one query names.</summary>
    public const int KeysPerQuery = 500;
    // What CompareAssignmentsOf found, written in two statements by WriteComparedAssignments.
    private readonly List<object?[]> assignmentsToAdd = new();
    private readonly List<object?[]> assignmentsToRemove = new();

    // A token with no users yet (a first sync) needs no reads to tell new users from known ones:
    // the users this pass wrote are kept here instead, which spares one query per page.
    private readonly Dictionary<string, StoredUser>? usersOfThisPass;

    // The token held no assignments when this pass began: its pages are most likely all new rows.
    private bool assignmentsProbablyNew;

    public SyncWriter(VppStore store, DbTransaction transaction, int tokenId, long generation)
    {
        this.store = store;
        connection = store.Connection;
        this.transaction = transaction;
        this.tokenId = tokenId;
        this.generation = generation;
        // One index probe each: a token with a million rows is not counted to learn it has any.
        if (!Any("users")) usersOfThisPass = new Dictionary<string, StoredUser>(StringComparer.Ordinal);
        assignmentsProbablyNew = !Any("assignments");
    }

    public SyncCounts ReplaceAssets(IReadOnlyList<ResponseAsset> assets, IReadOnlyDictionary<string, ContentItem> metadata, DateTimeOffset confirmedOn)
    {
        var counts = new SyncCounts();
        var existing = new Dictionary<string, (string Row, string? Name, string? BundleId)>(StringComparer.Ordinal);
        using (var read = Command("SELECT adam_id, pricing_param, name, bundle_id, product_type, total_count, assigned_count, available_count, retired_count, device_assignable, revocable, supported_platforms FROM assets WHERE token_id = @token;"))
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                var row = string.Join("|", reader.GetString(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7),
                    reader.GetInt32(8), reader.GetInt32(9), reader.GetInt32(10), reader.GetString(11));
                existing[reader.GetString(0) + "|" + reader.GetString(1)] =
                    (row, reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
            }
        }

        Execute("DELETE FROM assets WHERE token_id = @token;");
        var rows = new List<object?[]>(assets.Count);
        var confirmed = VppStore.FormatDate(confirmedOn);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var asset in assets)
        {
            var pricing = asset.PricingParam ?? DefaultPricing;
            var key = asset.AdamId + "|" + pricing;
            if (!seen.Add(key)) continue;
            var type = asset.ProductType ?? "App";
            var platforms = string.Join(",", asset.SupportedPlatforms ?? new List<string>());
            var row = string.Join("|", type, asset.TotalCount, asset.AssignedCount, asset.AvailableCount, asset.RetiredCount,
                asset.DeviceAssignable ? 1 : 0, asset.Revocable ? 1 : 0, platforms);
            // R-T5: a name from the token's country store wins; an asset that store does not sell keeps the name it had.
            metadata.TryGetValue(asset.AdamId, out var item);
            existing.TryGetValue(key, out var before);
            var name = item?.Name ?? before.Name;
            var bundleId = item?.BundleId ?? before.BundleId;
            if (before.Row is null) counts.Added++;
            else if (before.Row != row || before.Name != name) counts.Changed++;
            rows.Add(new object?[]
            {
                (long)tokenId, asset.AdamId, pricing, type, name, bundleId, asset.TotalCount, asset.AssignedCount, asset.AvailableCount,
                asset.RetiredCount, asset.DeviceAssignable ? 1 : 0, asset.Revocable ? 1 : 0, platforms, confirmed,
            });
        }

        // The token's assets were all deleted above: every row is new.
        store.Dialect.Upsert(connection, transaction, "assets", AssetColumns, null, null, rows, probablyNew: true);

        foreach (var key in existing.Keys) if (!seen.Contains(key)) counts.Removed++;
        return counts;
    }

    /// <summary>Marks a page of Apple's assignments as seen in this pass, adding those the store lacks, in one bulk write.</summary>
    public void UpsertAssignments(IEnumerable<Assignment>? assignments)
    {
        if (assignments is null) return;
        var rows = new Dictionary<(string, string, string, string), object?[]>();
        foreach (var assignment in assignments)
        {
            var key = (assignment.AdamId, assignment.PricingParam ?? DefaultPricing, assignment.ClientUserId ?? string.Empty, assignment.SerialNumber ?? string.Empty);
            rows[key] = new object?[] { (long)tokenId, key.Item1, key.Item2, key.Item3, key.Item4, generation };
        }

        store.Dialect.Upsert(connection, transaction, "assignments", AssignmentColumns,
            AssignmentConflict, "generation = excluded.generation", rows.Values, assignmentsProbablyNew);
    }

    public int CountAssignments() => Count("SELECT COUNT(*) FROM assignments WHERE token_id = @token;");

    /// <summary>Removes the assignments a full pass did not see.</summary>
    public int SweepAssignments() => Execute("DELETE FROM assignments WHERE token_id = @token AND generation <> @generation;");

    /// <summary>How many assignments the store holds per asset, to compare with Apple's assignedCount.</summary>
    public Dictionary<(string AdamId, string PricingParam), int> AssignmentCountsByAsset()
    {
        var result = new Dictionary<(string, string), int>();
        using var command = Command("SELECT adam_id, pricing_param, COUNT(*) FROM assignments WHERE token_id = @token GROUP BY adam_id, pricing_param;");
        using var reader = command.ExecuteReader();
        while (reader.Read()) result[(reader.GetString(0), reader.GetString(1))] = reader.GetInt32(2);
        return result;
    }

    /// <summary>
    /// Apple may list several records for one client user id: retired ones and at most one active
    /// (API §5.8). The store keeps one per id, the active one when there is one.
    /// </summary>
    public void UpsertUsers(IEnumerable<ResponseUser>? users, ref SyncCounts counts, ICollection<string>? retired = null)
    {
        if (users is null) return;
        var page = users.ToList();
        var known = ReadUsers(page.Select(u => u.ClientUserId).Distinct(StringComparer.Ordinal).ToList());
        var rows = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        foreach (var user in page)
        {
            var status = user.Status ?? "Registered";
            if (known.TryGetValue(user.ClientUserId, out var before))
            {
                var sameGeneration = before.Generation == generation;
                if (sameGeneration && IsRetired(status) && !IsRetired(before.Status)) continue;
                if (IsRetired(status) && !IsRetired(before.Status)) retired?.Add(user.ClientUserId);
                var unchanged = before.Email == user.Email && before.Status == status && before.InviteCode == user.InviteCode && before.IdHash == user.IdHash;
                if (!unchanged && !sameGeneration) counts.Changed++;
            }
            else
            {
                counts.Added++;
            }

            // A later record of the same user sees this one, as it would in the store.
            known[user.ClientUserId] = new StoredUser(user.Email, status, user.InviteCode, user.IdHash, generation);
            if (usersOfThisPass is not null) usersOfThisPass[user.ClientUserId] = known[user.ClientUserId];
            rows[user.ClientUserId] = new object?[] { (long)tokenId, user.ClientUserId, user.Email, status, user.InviteCode, user.IdHash, generation };
        }

        store.Dialect.Upsert(connection, transaction, "users", UserColumns, "token_id, client_user_id",
            "email = excluded.email, status = excluded.status, invite_code = excluded.invite_code, id_hash = excluded.id_hash, generation = excluded.generation",
            rows.Values, probablyNew: usersOfThisPass is not null);
    }

    private Dictionary<string, StoredUser> ReadUsers(IReadOnlyList<string> clientUserIds)
    {
        var result = new Dictionary<string, StoredUser>(StringComparer.Ordinal);
        if (usersOfThisPass is not null)
        {
            foreach (var id in clientUserIds)
            {
                if (usersOfThisPass.TryGetValue(id, out var user)) result[id] = user;
            }

            return result;
        }

        for (var start = 0; start < clientUserIds.Count; start += KeysPerQuery)
        {
            using var command = Command("SELECT client_user_id, email, status, invite_code, id_hash, generation FROM users WHERE token_id = @token");
            var sql = new StringBuilder(command.CommandText);
            SqlFilter.In(command, sql, "client_user_id", clientUserIds.Skip(start).Take(KeysPerQuery).ToList());
            command.CommandText = sql.Append(';').ToString();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                result[reader.GetString(0)] = new StoredUser(Text(reader, 1), reader.GetString(2), Text(reader, 3), Text(reader, 4), reader.GetInt64(5));
            }
        }

        return result;
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private readonly struct StoredUser
    {
        public StoredUser(string? email, string status, string? inviteCode, string? idHash, long generation)
        {
            Email = email;
            Status = status;
            InviteCode = inviteCode;
            IdHash = idHash;
            Generation = generation;
        }

        public string? Email { get; }

        public string Status { get; }

        public string? InviteCode { get; }

        public string? IdHash { get; }

        public long Generation { get; }
    }

    /// <summary>Retiring a user releases the user's revocable licenses (API §5.9); books stay with the user.</summary>
    public int RemoveRevocableAssignmentsOf(IEnumerable<string> clientUserIds)
    {
        var ids = clientUserIds.Distinct(StringComparer.Ordinal).ToList();
        var removed = 0;
        for (var start = 0; start < ids.Count; start += KeysPerQuery)
        {
            using var delete = Command($"DELETE FROM assignments{store.IndexHint("assignments_user")} WHERE token_id = @token AND client_user_id <> ''");
            var sql = new StringBuilder(delete.CommandText);
            SqlFilter.In(delete, sql, "client_user_id", ids.Skip(start).Take(KeysPerQuery).ToList());
            // The asset is looked up for each row the user index finds, never the other way round: a planner
            // that has not seen the token's assets yet would otherwise probe every asset for every user.
            delete.CommandText = sql.Append(" AND (SELECT a.revocable FROM assets a WHERE a.token_id = assignments.token_id " +
                "AND a.adam_id = assignments.adam_id AND a.pricing_param = assignments.pricing_param) = 1;").ToString();
            removed += delete.ExecuteNonQuery();
        }

        return removed;
    }

    /// <summary>
    /// Compares the store's assignments of one asset with Apple's and keeps the difference;
    /// <see cref="WriteComparedAssignments"/> then makes each compared asset's rows exactly Apple's.
    /// Each asset is compared once.
    /// </summary>
    /// <summary>
    /// The store's assignments of each of <paramref name="assets"/> (an empty set for an asset without any):
    /// in one query on a server, one prepared query per asset in the process.
    /// </summary>
    public Dictionary<(string AdamId, string PricingParam), HashSet<(string User, string Serial)>> ReadAssignmentsOf(
        IReadOnlyCollection<(string AdamId, string PricingParam)> assets)
    {
        var result = assets.Distinct().ToDictionary(asset => asset, _ => new HashSet<(string, string)>());
        if (!store.Dialect.QueriesAreRoundTrips)
        {
            using var read = Prepare("SELECT client_user_id, serial_number FROM assignments WHERE token_id = @token AND adam_id = @adam AND pricing_param = @pricing;",
                "@adam", "@pricing");
            foreach (var asset in result)
            {
                Set(read, asset.Key.AdamId, asset.Key.PricingParam);
                using var rows = read.ExecuteReader();
                while (rows.Read()) asset.Value.Add((rows.GetString(0), rows.GetString(1)));
            }

            return result;
        }

        using var command = Command("SELECT adam_id, pricing_param, client_user_id, serial_number FROM assignments WHERE token_id = @token");
        var sql = new StringBuilder(command.CommandText);
        SqlFilter.In(command, sql, "adam_id", assets.Select(asset => asset.AdamId).Distinct(StringComparer.Ordinal).ToList());
        command.CommandText = sql.Append(';').ToString();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (result.TryGetValue((reader.GetString(0), reader.GetString(1)), out var rows)) rows.Add((reader.GetString(2), reader.GetString(3)));
        }

        return result;
    }

    /// <summary>
    /// Keeps the difference between the store's assignments of one asset and Apple's;
    /// <see cref="WriteComparedAssignments"/> then makes each compared asset's rows exactly Apple's.
    /// Each asset is compared once.
    /// </summary>
    public void CompareAssignmentsOf(string adamId, string pricingParam, HashSet<(string User, string Serial)> stored,
        HashSet<(string User, string Serial)> apple)
    {
        foreach (var (user, serial) in stored)
        {
            if (!apple.Contains((user, serial))) assignmentsToRemove.Add(new object?[] { (long)tokenId, adamId, pricingParam, user, serial });
        }

        foreach (var (user, serial) in apple)
        {
            if (!stored.Contains((user, serial))) assignmentsToAdd.Add(new object?[] { (long)tokenId, adamId, pricingParam, user, serial, generation });
        }
    }

    /// <summary>Writes what <see cref="CompareAssignmentsOf"/> found, in one bulk delete and one bulk insert; returns rows (added, removed).</summary>
    public (int Added, int Removed) WriteComparedAssignments()
    {
        var removed = store.Dialect.Delete(connection, transaction, "assignments", AssignmentKey, assignmentsToRemove);
        var added = store.Dialect.Upsert(connection, transaction, "assignments", AssignmentColumns, AssignmentConflict,
            "generation = excluded.generation", assignmentsToAdd);
        assignmentsToRemove.Clear();
        assignmentsToAdd.Clear();
        return (added, removed);
    }

    public int SweepUsers() => Execute("DELETE FROM users WHERE token_id = @token AND generation <> @generation;");

    /// <summary>A full read starts again: the assignments it saw so far count as not seen, so the sweep judges them by the new walk alone.</summary>
    public void ForgetSeenAssignments()
    {
        Execute("UPDATE assignments SET generation = @generation - 1 WHERE token_id = @token AND generation = @generation;");
        assignmentsProbablyNew = false;
    }

    /// <summary>As <see cref="ForgetSeenAssignments"/>, for users.</summary>
    public void ForgetSeenUsers()
    {
        Execute("UPDATE users SET generation = @generation - 1 WHERE token_id = @token AND generation = @generation;");
        if (usersOfThisPass is null) return;
        foreach (var id in usersOfThisPass.Keys.ToList())
        {
            var user = usersOfThisPass[id];
            if (user.Generation == generation) usersOfThisPass[id] = new StoredUser(user.Email, user.Status, user.InviteCode, user.IdHash, generation - 1);
        }
    }

    private static bool IsRetired(string status) => status is "Retired" or "Deleted";

    private bool Any(string table) => Count($"SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE token_id = @token LIMIT 1) AS t;") > 0;

    private int Count(string sql)
    {
        using var command = Command(sql);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private int Execute(string sql)
    {
        using var command = Command(sql);
        return command.ExecuteNonQuery();
    }

    private DbCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.AddParameter("@token", tokenId);
        command.AddParameter("@generation", generation);
        return command;
    }

    private DbCommand Prepare(string sql, params string[] names)
    {
        var command = Command(sql);
        foreach (var name in names) command.AddParameter(name);
        store.Dialect.Prepare(command);
        return command;
    }

    private static void Set(DbCommand command, params object[] values)
    {
        // Parameters 0 and 1 are @token and @generation; the statement's own follow in order.
        for (var i = 0; i < values.Length; i++) command.Parameters[i + 2].Value = values[i];
    }
}
