using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Data.Common;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Core.Reports;

/// <summary>
/// Builds <see cref="VppLicenseReport"/>s from the store with SQL aggregates: counts are computed in
/// SQLite (a million assignments are counted, never loaded), and only the first targets of each list
/// are read.
/// </summary>
public sealed class LicenseReports
{
    /// <summary>The default number of targets kept in each list of a report.</summary>
    public const int DefaultTargetLimit = 1000;

    private const string DesiredTable = "vpp_report_desired";

    // A desired target holds a license when Apple's assignment for its holder exists: one primary key lookup.
    private const string HeldByDesired =
        "EXISTS (SELECT 1 FROM assignments s WHERE s.token_id = d.token_id AND s.adam_id = d.adam_id AND s.pricing_param = d.pricing_param " +
        "AND s.client_user_id = CASE d.license_type WHEN 'User' THEN d.holder ELSE '' END " +
        "AND s.serial_number = CASE d.license_type WHEN 'Device' THEN d.holder ELSE '' END)";

    private readonly VppStore store;
    private readonly Func<DateTimeOffset> clock;

    public LicenseReports(VppStore store, Func<DateTimeOffset>? clock = null)
    {
        this.store = store;
        this.clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    /// <summary>The tokens asked for (all when <paramref name="tokenIds"/> is null), with expiry as of the report's clock.</summary>
    public IReadOnlyList<VppToken> Tokens(IReadOnlyCollection<int>? tokenIds = null)
    {
        var all = new TokenCatalog(store, clock).Find();
        return tokenIds is null ? all : all.Where(t => tokenIds.Contains(t.TokenId)).ToList();
    }

    /// <summary>One report per asset of the tokens asked for, ordered by token name and asset name.</summary>
    /// <param name="tokenIds">Only these tokens; null for all.</param>
    /// <param name="adamIds">Only these assets; null for all.</param>
    /// <param name="targetLimit">How many targets each list keeps; 0 for all of them. Counts are always complete.</param>
    public IReadOnlyList<VppLicenseReport> Build(IReadOnlyCollection<int>? tokenIds = null, IReadOnlyCollection<string>? adamIds = null,
        int targetLimit = DefaultTargetLimit)
    {
        if (targetLimit < 0) throw new ArgumentOutOfRangeException(nameof(targetLimit));
        var tokens = Tokens(tokenIds).ToDictionary(t => t.TokenId);
        if (tokens.Count == 0 || adamIds is { Count: 0 }) return Array.Empty<VppLicenseReport>();
        var assets = ReadAssets(tokens.Keys, adamIds);
        if (assets.Count == 0) return Array.Empty<VppLicenseReport>();

        var tokenFilter = tokenIds is null ? null : tokens.Keys.ToList();
        var held = CountAssignments(tokenFilter, adamIds);
        var failures = ReadFailures(tokenFilter, adamIds, targetLimit);
        var managed = ReadManaged(tokenFilter, adamIds);
        var result = new List<VppLicenseReport>(assets.Count);
        using (new DesiredHolders(store, tokenFilter, adamIds))
        {
            var desired = CountDesired();
            foreach (var asset in assets)
            {
                var key = (asset.TokenId, asset.AdamId, asset.PricingParam);
                desired.TryGetValue(key, out var wanted);
                held.TryGetValue(key, out var holding);
                var missing = wanted.Desired - wanted.Held;
                var extra = holding - wanted.Held;
                var unmanaged = 0;
                if (!managed.Contains(key))
                {
                    // Onboarding is not drift: nothing was ever asked for this asset here.
                    unmanaged = extra;
                    extra = 0;
                }

                var missingList = missing > 0 ? DesiredNotAssigned(key, targetLimit) : Array.Empty<VppReportTarget>();
                var extraList = extra > 0 ? AssignedNotDesired(key, targetLimit) : Array.Empty<VppReportTarget>();
                failures.TryGetValue(key, out var failed);
                result.Add(new VppLicenseReport(tokens[asset.TokenId], asset.AdamId, asset.PricingParam, asset.Name, asset.ProductType,
                    asset.Total, asset.Assigned, asset.Available, asset.Retired, asset.ConfirmedOn, wanted.Desired, missing, missingList,
                    extra, extraList, unmanaged, (IReadOnlyList<VppFailureReason>?)failed ?? Array.Empty<VppFailureReason>()));
            }
        }

        return result;
    }

    private List<AssetRow> ReadAssets(IEnumerable<int> tokenIds, IReadOnlyCollection<string>? adamIds)
    {
        var sql = new StringBuilder(
            "SELECT a.token_id, a.adam_id, a.pricing_param, a.name, a.product_type, a.total_count, a.assigned_count, a.available_count, " +
            "a.retired_count, a.confirmed_on FROM assets a JOIN tokens t ON t.token_id = a.token_id WHERE 1 = 1");
        using var command = store.Connection.CreateCommand();
        SqlFilter.In(command, sql, "a.token_id", tokenIds.ToList());
        SqlFilter.In(command, sql, "a.adam_id", adamIds);
        sql.Append(" ORDER BY lower(t.name), t.name, a.name, a.adam_id, a.pricing_param;");
        command.CommandText = sql.ToString();
        var rows = new List<AssetRow>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new AssetRow(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), VppStore.ParseDate(reader.GetString(9))));
        }

        return rows;
    }

    /// <summary>The assets this store has been asked to manage: any desired row, of any target or intent.</summary>
    private HashSet<(int, string, string)> ReadManaged(IReadOnlyCollection<int>? tokenIds, IReadOnlyCollection<string>? adamIds)
    {
        var sql = new StringBuilder("SELECT DISTINCT token_id, adam_id, pricing_param FROM desired WHERE 1 = 1");
        using var command = store.Connection.CreateCommand();
        SqlFilter.In(command, sql, "token_id", tokenIds);
        SqlFilter.In(command, sql, "adam_id", adamIds);
        command.CommandText = sql + ";";
        var result = new HashSet<(int, string, string)>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) result.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        return result;
    }

    /// <summary>Apple's assignments per asset, counted in SQLite.</summary>
    private Dictionary<(int, string, string), int> CountAssignments(IReadOnlyCollection<int>? tokenIds, IReadOnlyCollection<string>? adamIds)
    {
        var sql = new StringBuilder("SELECT token_id, adam_id, pricing_param, COUNT(*) FROM assignments WHERE 1 = 1");
        using var command = store.Connection.CreateCommand();
        SqlFilter.In(command, sql, "token_id", tokenIds);
        SqlFilter.In(command, sql, "adam_id", adamIds);
        sql.Append(" GROUP BY token_id, adam_id, pricing_param;");
        command.CommandText = sql.ToString();
        var result = new Dictionary<(int, string, string), int>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) result[(reader.GetInt32(0), reader.GetString(1), reader.GetString(2))] = reader.GetInt32(3);
        return result;
    }

    /// <summary>Desired holders per asset, and how many of them hold a license at Apple.</summary>
    private Dictionary<(int, string, string), (int Desired, int Held)> CountDesired()
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = $"SELECT d.token_id, d.adam_id, d.pricing_param, COUNT(*), SUM(CASE WHEN {HeldByDesired} THEN 1 ELSE 0 END) FROM {DesiredTable} d " +
            "GROUP BY d.token_id, d.adam_id, d.pricing_param;";
        var result = new Dictionary<(int, string, string), (int, int)>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) result[(reader.GetInt32(0), reader.GetString(1), reader.GetString(2))] = (reader.GetInt32(3), reader.GetInt32(4));
        return result;
    }

    private IReadOnlyList<VppReportTarget> DesiredNotAssigned((int TokenId, string AdamId, string Pricing) asset, int limit)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = $"SELECT d.license_type, d.holder FROM {DesiredTable} d " +
            $"WHERE d.token_id = @token AND d.adam_id = @adam AND d.pricing_param = @pricing AND NOT {HeldByDesired} " +
            "ORDER BY d.license_type, d.holder" + Limit(limit) + ";";
        AddAsset(command, asset);
        var result = new List<VppReportTarget>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var type = ParseLicenseType(reader.GetString(0));
            var holder = reader.GetString(1);
            result.Add(new VppReportTarget(asset.TokenId, asset.AdamId, asset.Pricing, type, type == LicenseType.Device ? holder : null,
                type == LicenseType.User ? holder : null));
        }

        return result;
    }

    private IReadOnlyList<VppReportTarget> AssignedNotDesired((int TokenId, string AdamId, string Pricing) asset, int limit)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = "SELECT s.client_user_id, s.serial_number FROM assignments s " +
            "WHERE s.token_id = @token AND s.adam_id = @adam AND s.pricing_param = @pricing " +
            $"AND NOT EXISTS (SELECT 1 FROM {DesiredTable} d WHERE d.token_id = s.token_id AND d.adam_id = s.adam_id AND d.pricing_param = s.pricing_param " +
            "AND d.license_type = CASE WHEN s.client_user_id <> '' THEN 'User' ELSE 'Device' END " +
            "AND d.holder = CASE WHEN s.client_user_id <> '' THEN s.client_user_id ELSE s.serial_number END) " +
            "ORDER BY s.client_user_id, s.serial_number" + Limit(limit) + ";";
        AddAsset(command, asset);
        var result = new List<VppReportTarget>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var user = reader.GetString(0);
            var serial = reader.GetString(1);
            result.Add(user.Length > 0
                ? new VppReportTarget(asset.TokenId, asset.AdamId, asset.Pricing, LicenseType.User, null, user)
                : new VppReportTarget(asset.TokenId, asset.AdamId, asset.Pricing, LicenseType.Device, serial, null));
        }

        return result;
    }

    /// <summary>The targets whose last change failed (target_status), counted per asset and error id.</summary>
    private Dictionary<(int, string, string), List<VppFailureReason>> ReadFailures(IReadOnlyCollection<int>? tokenIds,
        IReadOnlyCollection<string>? adamIds, int limit)
    {
        var groups = new List<(int TokenId, string AdamId, string Pricing, string? ErrorId, int Count, string? Reason, string On)>();
        using (var command = store.Connection.CreateCommand())
        {
            // Counts per asset and error id, then the reason of each group's latest failure.
            var sql = new StringBuilder("SELECT g.token_id, g.adam_id, g.pricing_param, g.error_id, g.failures, g.latest, " +
                "(SELECT s.reason FROM target_status s WHERE s.status = 'Failed' AND s.token_id = g.token_id AND s.adam_id = g.adam_id " +
                "AND s.pricing_param = g.pricing_param AND (s.error_id = g.error_id OR (s.error_id IS NULL AND g.error_id IS NULL)) " +
                "ORDER BY s.updated_on DESC LIMIT 1) " +
                "FROM (SELECT token_id, adam_id, pricing_param, error_id, COUNT(*) AS failures, MAX(updated_on) AS latest FROM target_status WHERE status = 'Failed'");
            SqlFilter.In(command, sql, "token_id", tokenIds);
            SqlFilter.In(command, sql, "adam_id", adamIds);
            sql.Append(" GROUP BY token_id, adam_id, pricing_param, error_id) g ORDER BY g.token_id, g.adam_id, g.pricing_param, g.failures DESC, g.error_id;");
            command.CommandText = sql.ToString();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                groups.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetInt32(4), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(5)));
            }
        }

        var result = new Dictionary<(int, string, string), List<VppFailureReason>>();
        foreach (var group in groups)
        {
            var key = (group.TokenId, group.AdamId, group.Pricing);
            if (!result.TryGetValue(key, out var list)) result[key] = list = new List<VppFailureReason>();
            var errorId = group.ErrorId ?? FailureAdvice.UnknownErrorId;
            list.Add(new VppFailureReason(group.TokenId, group.AdamId, group.Pricing, errorId, group.Count, group.Reason,
                VppStore.ParseDate(group.On), FailedTargets(key, group.ErrorId, limit)));
        }

        return result;
    }

    private IReadOnlyList<VppReportTarget> FailedTargets((int TokenId, string AdamId, string Pricing) asset, string? errorId, int limit)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = "SELECT license_type, target FROM target_status WHERE token_id = @token AND adam_id = @adam AND pricing_param = @pricing " +
            "AND status = 'Failed' AND (error_id = @error OR (error_id IS NULL AND CAST(@error AS TEXT) IS NULL)) ORDER BY license_type, target" + Limit(limit) + ";";
        AddAsset(command, asset);
        command.AddParameter("@error", (object?)errorId ?? DBNull.Value);
        var result = new List<VppReportTarget>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var type = ParseLicenseType(reader.GetString(0));
            var target = reader.GetString(1);
            // A device with no known user failed before a user could be named: its target is the serial number.
            var isDevice = type == LicenseType.Device || errorId == VppErrorIds.DeviceHasNoUser;
            result.Add(new VppReportTarget(asset.TokenId, asset.AdamId, asset.Pricing, type, isDevice ? target : null, isDevice ? null : target));
        }

        return result;
    }

    private static LicenseType ParseLicenseType(string text) => text == "User" ? LicenseType.User : LicenseType.Device;

    private static string Limit(int limit) => limit == 0 ? string.Empty : " LIMIT " + limit.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void AddAsset(DbCommand command, (int TokenId, string AdamId, string Pricing) asset)
    {
        command.AddParameter("@token", asset.TokenId);
        command.AddParameter("@adam", asset.AdamId);
        command.AddParameter("@pricing", asset.Pricing);
    }

    private sealed record AssetRow(int TokenId, string AdamId, string PricingParam, string? Name, string ProductType, int Total, int Assigned,
        int Available, int Retired, DateTimeOffset ConfirmedOn);

    /// <summary>
    /// The desired targets resolved to who would hold the license, in a temporary table of this
    /// connection: a user, a device (device licensing), a device's user (user licensing of a device,
    /// through its primary user) and each member of a group. Uninstall is not a wish to hold a license.
    /// </summary>
    private sealed class DesiredHolders : IDisposable
    {
        private readonly VppStore store;

        public DesiredHolders(VppStore store, IReadOnlyCollection<int>? tokenIds, IReadOnlyCollection<string>? adamIds)
        {
            this.store = store;
            Execute($"DROP TABLE IF EXISTS {DesiredTable}; CREATE TEMP TABLE {DesiredTable} (token_id BIGINT NOT NULL, adam_id TEXT NOT NULL, " +
                "pricing_param TEXT NOT NULL, license_type TEXT NOT NULL, holder TEXT NOT NULL, " +
                "PRIMARY KEY (token_id, adam_id, pricing_param, license_type, holder));");
            using var command = store.Connection.CreateCommand();
            var filter = new StringBuilder();
            SqlFilter.In(command, filter, "d.token_id", tokenIds);
            SqlFilter.In(command, filter, "d.adam_id", adamIds);
            command.CommandText =
                $"INSERT INTO {DesiredTable} (token_id, adam_id, pricing_param, license_type, holder) " +
                "SELECT d.token_id, d.adam_id, d.pricing_param, d.license_type, " +
                "CASE WHEN d.target_type = 'Device' AND d.license_type = 'User' THEN v.primary_user ELSE d.target END " +
                "FROM desired d LEFT JOIN devices v ON d.target_type = 'Device' AND d.license_type = 'User' AND v.serial_number = d.target " +
                $"WHERE d.target_type <> 'Group' AND d.intent <> 'Uninstall'{filter} " +
                "AND (d.target_type <> 'Device' OR d.license_type = 'Device' OR v.primary_user IS NOT NULL) " +
                "UNION ALL " +
                "SELECT d.token_id, d.adam_id, d.pricing_param, d.license_type, " +
                "CASE WHEN g.member_type = 'Device' AND d.license_type = 'User' THEN v.primary_user ELSE m.member END " +
                "FROM desired d JOIN groups g ON lower(g.name) = lower(d.target) JOIN group_members m ON m.group_id = g.group_id " +
                "LEFT JOIN devices v ON g.member_type = 'Device' AND d.license_type = 'User' AND v.serial_number = m.member " +
                $"WHERE d.target_type = 'Group' AND d.intent <> 'Uninstall'{filter} " +
                "AND (g.member_type <> 'Device' OR d.license_type = 'Device' OR v.primary_user IS NOT NULL) " +
                "ON CONFLICT DO NOTHING;";
            command.ExecuteNonQuery();
            store.Dialect.Analyze(store.Connection, null, DesiredTable);
        }

        public void Dispose() => Execute($"DROP TABLE IF EXISTS {DesiredTable};");

        private void Execute(string sql)
        {
            using var command = store.Connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
