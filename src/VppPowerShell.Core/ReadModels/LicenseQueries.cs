using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Data.Common;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Text;

namespace VppPowerShell.Core.ReadModels;

/// <summary>Reads assets, assignments and users from the store, streaming rows so a million never sit in memory.</summary>
public sealed class LicenseQueries
{
    private readonly VppStore store;

    public LicenseQueries(VppStore store)
    {
        this.store = store;
    }

    public IEnumerable<VppAsset> Assets(IReadOnlyCollection<int>? tokenIds = null, IReadOnlyCollection<string>? adamIds = null,
        IReadOnlyCollection<string>? namePatterns = null, string? productType = null, string? platform = null)
    {
        var sql = new StringBuilder(
            "SELECT a.token_id, t.name, a.adam_id, a.pricing_param, a.name, a.bundle_id, a.product_type, a.total_count, a.assigned_count, " +
            "a.available_count, a.retired_count, a.device_assignable, a.revocable, a.supported_platforms, a.confirmed_on " +
            "FROM assets a JOIN tokens t ON t.token_id = a.token_id WHERE 1 = 1");
        using var command = store.Connection.CreateCommand();
        SqlFilter.In(command, sql, "a.token_id", tokenIds);
        SqlFilter.In(command, sql, "a.adam_id", adamIds);
        if (productType is not null)
        {
            sql.Append(" AND lower(a.product_type) = lower(@type)");
            command.AddParameter("@type", productType);
        }

        sql.Append(" ORDER BY lower(t.name), t.name, a.name, a.adam_id;");
        command.CommandText = sql.ToString();
        var patterns = namePatterns?.Select(p => new Wildcard(p)).ToList();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var platforms = reader.GetString(13).Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);
            var name = reader.IsDBNull(4) ? null : reader.GetString(4);
            if (patterns is { Count: > 0 } && !patterns.Any(p => p.IsMatch(name ?? string.Empty) || p.IsMatch(reader.GetString(2)))) continue;
            if (platform is not null && !platforms.Contains(platform, StringComparer.OrdinalIgnoreCase)) continue;
            yield return new VppAsset(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), name,
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6), reader.GetInt32(7), reader.GetInt32(8),
                reader.GetInt32(9), reader.GetInt32(10), reader.GetInt32(11) != 0, reader.GetInt32(12) != 0, platforms,
                VppStore.ParseDate(reader.GetString(14)));
        }
    }

    public IEnumerable<VppAssignment> Assignments(IReadOnlyCollection<int>? tokenIds = null, IReadOnlyCollection<string>? adamIds = null,
        IReadOnlyCollection<string>? serialNumbers = null, IReadOnlyCollection<string>? clientUserIds = null)
    {
        // Targets are the selective filter: look them up by their index, not by scanning a token's rows.
        var index = serialNumbers is { Count: > 0 } ? store.IndexHint("assignments_serial") : clientUserIds is { Count: > 0 } ? store.IndexHint("assignments_user") : string.Empty;
        var sql = new StringBuilder(
            "SELECT s.token_id, t.name, s.adam_id, s.pricing_param, a.name, s.client_user_id, s.serial_number " +
            $"FROM assignments s{index} JOIN tokens t ON t.token_id = s.token_id " +
            "LEFT JOIN assets a ON a.token_id = s.token_id AND a.adam_id = s.adam_id AND a.pricing_param = s.pricing_param WHERE 1 = 1");
        using var command = store.Connection.CreateCommand();
        SqlFilter.In(command, sql, "s.token_id", tokenIds);
        SqlFilter.In(command, sql, "s.adam_id", adamIds);
        // The "<> ''" lets SQLite use the partial indexes on serial numbers and client user ids.
        if (SqlFilter.In(command, sql, "s.serial_number", serialNumbers)) sql.Append(" AND s.serial_number <> ''");
        if (SqlFilter.In(command, sql, "s.client_user_id", clientUserIds)) sql.Append(" AND s.client_user_id <> ''");
        sql.Append(" ORDER BY s.token_id, s.adam_id, s.pricing_param, s.client_user_id, s.serial_number;");
        command.CommandText = sql.ToString();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var user = reader.GetString(5);
            var serial = reader.GetString(6);
            yield return new VppAssignment(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), user.Length == 0 ? null : user, serial.Length == 0 ? null : serial);
        }
    }

    public IEnumerable<VppUser> Users(IReadOnlyCollection<int>? tokenIds = null, IReadOnlyCollection<string>? clientUserIds = null,
        string? status = null, bool includeUnmanaged = true)
    {
        var sql = new StringBuilder(
            "SELECT u.token_id, t.name, u.client_user_id, u.email, u.status, u.invite_code, u.id_hash, u.managed_here " +
            "FROM users u JOIN tokens t ON t.token_id = u.token_id WHERE 1 = 1");
        using var command = store.Connection.CreateCommand();
        SqlFilter.In(command, sql, "u.token_id", tokenIds);
        SqlFilter.In(command, sql, "u.client_user_id", clientUserIds);
        if (status is not null)
        {
            sql.Append(" AND lower(u.status) = lower(@status)");
            command.AddParameter("@status", status);
        }

        if (!includeUnmanaged) sql.Append(" AND u.managed_here = 1");
        sql.Append(" ORDER BY lower(t.name), t.name, u.client_user_id;");
        command.CommandText = sql.ToString();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new VppUser(reader.GetInt32(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetInt32(7) != 0);
        }
    }
}
