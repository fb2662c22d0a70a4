using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.Data.Sqlite;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Text;

namespace VppPowerShell.Core.ReadModels;

/// <summary>
/// The values argument completion offers (token names, asset ids, group names, job ids), each read
/// with one small query over a read-only connection: the store is never created, migrated or written.
/// A pattern is what was typed, with PowerShell's wildcards, matched as a prefix and case-insensitively.
/// </summary>
public sealed class CompletionQueries : IDisposable
{
    private readonly SqliteConnection connection;

    private CompletionQueries(SqliteConnection connection)
    {
        this.connection = connection;
    }

    /// <summary>Null when no store is at <paramref name="storePath"/> (or it cannot be read): there is nothing to offer.</summary>
    public static CompletionQueries? TryOpen(string storePath)
    {
        var connection = VppStore.TryOpenReadOnly(storePath);
        return connection is null ? null : new CompletionQueries(connection);
    }

    public IReadOnlyList<CompletionItem> TokenNames(string typed)
    {
        var pattern = Prefix(typed);
        var result = new List<CompletionItem>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, token_id, account_type, country_code, state, expires_on, legacy FROM tokens ORDER BY name;";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var name = reader.GetString(0);
            if (!pattern.IsMatch(name)) continue;
            var expires = VppStore.ParseDate(reader.GetString(5)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var kind = reader.GetInt64(6) != 0 ? "legacy " + reader.GetString(2) : reader.GetString(2);
            result.Add(new CompletionItem(name, name,
                $"{name} (token {reader.GetInt64(1).ToString(CultureInfo.InvariantCulture)}): {kind}, {reader.GetString(3)}, {reader.GetString(4)}, expires {expires}"));
        }

        return result;
    }

    /// <summary>Asset ids whose id or name matches, with the name as label and tooltip; only the given tokens' assets when exact names are given.</summary>
    public IReadOnlyList<CompletionItem> AssetIds(string typed, IReadOnlyCollection<string>? tokenNames = null)
    {
        var pattern = Prefix(typed);
        var result = new List<CompletionItem>();
        var sql = new StringBuilder(
            "SELECT a.adam_id, MAX(a.name), MIN(a.product_type), COUNT(DISTINCT a.token_id), MIN(t.name) " +
            "FROM assets a JOIN tokens t ON t.token_id = a.token_id");
        using var command = connection.CreateCommand();
        if (tokenNames is { Count: > 0 } && !tokenNames.Any(Wildcard.ContainsWildcard))
        {
            sql.Append(" WHERE t.name IN (");
            var i = 0;
            foreach (var name in tokenNames)
            {
                if (i > 0) sql.Append(", ");
                sql.Append("$t").Append(i.ToString(CultureInfo.InvariantCulture));
                command.Parameters.AddWithValue("$t" + i.ToString(CultureInfo.InvariantCulture), name);
                i++;
            }

            sql.Append(')');
        }

        sql.Append(" GROUP BY a.adam_id ORDER BY a.adam_id;");
        command.CommandText = sql.ToString();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var adamId = reader.GetString(0);
            var name = reader.IsDBNull(1) ? null : reader.GetString(1);
            if (!pattern.IsMatch(adamId) && (name is null || !pattern.IsMatch(name))) continue;
            var tokens = reader.GetInt64(3) == 1 ? reader.GetString(4) : reader.GetInt64(3).ToString(CultureInfo.InvariantCulture) + " tokens";
            var title = name ?? "(no name synced)";
            result.Add(new CompletionItem(adamId, $"{adamId} {title}", $"{title}: {reader.GetString(2)} {adamId}, in {tokens}"));
        }

        return result;
    }

    public IReadOnlyList<CompletionItem> GroupNames(string typed)
    {
        var pattern = Prefix(typed);
        var result = new List<CompletionItem>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT g.name, g.member_type, (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.group_id) FROM groups g ORDER BY g.name;";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var name = reader.GetString(0);
            if (!pattern.IsMatch(name)) continue;
            var members = reader.GetInt64(2);
            result.Add(new CompletionItem(name, name,
                $"{name}: {reader.GetString(1).ToLowerInvariant()} group, {members.ToString(CultureInfo.InvariantCulture)} member{(members == 1 ? string.Empty : "s")}"));
        }

        return result;
    }

    /// <summary>Job ids, newest first.</summary>
    public IReadOnlyList<CompletionItem> JobIds(string typed)
    {
        var pattern = Prefix(typed);
        var result = new List<CompletionItem>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT job_id, kind, state, description, created_on FROM jobs ORDER BY created_on DESC, job_id DESC;";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var jobId = reader.GetString(0);
            if (!pattern.IsMatch(jobId)) continue;
            var created = VppStore.ParseDate(reader.GetString(4)).ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            result.Add(new CompletionItem(jobId, $"{jobId} {reader.GetString(1)} {reader.GetString(2)}",
                $"{reader.GetString(1)}, {reader.GetString(2)}, started {created}: {reader.GetString(3)}"));
        }

        return result;
    }

    public void Dispose() => connection.Dispose();

    private static Wildcard Prefix(string typed) =>
        new(typed.EndsWith("*", StringComparison.Ordinal) && !typed.EndsWith("`*", StringComparison.Ordinal) ? typed : typed + "*");
}
