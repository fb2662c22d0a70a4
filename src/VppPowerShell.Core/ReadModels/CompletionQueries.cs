using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Data.Common;
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
    private readonly DbConnection connection;

    private CompletionQueries(DbConnection connection)
    {
        this.connection = connection;
    }

    /// <summary>Null when there is no store at <paramref name="location"/> (or it cannot be read): there is nothing to offer.</summary>
    public static CompletionQueries? TryOpen(StoreLocation location)
    {
        var connection = VppStore.TryOpenReadOnly(location);
        return connection is null ? null : new CompletionQueries(connection);
    }

    public IReadOnlyList<CompletionItem> TokenNames(string typed)
    {
        var pattern = new Matcher(typed);
        var like = LikePrefix(typed);
        var result = new List<CompletionItem>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, token_id, account_type, country_code, state, expires_on, legacy FROM tokens" +
            (like is null ? string.Empty : " WHERE lower(name) LIKE lower(@like) ESCAPE '\\'") + " ORDER BY name;";
        if (like is not null) command.AddParameter("@like", like);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var name = reader.GetString(0);
            if (!pattern.IsMatch(name)) continue;
            var expires = reader.GetString(5);
            if (expires.Length > 10) expires = expires.Substring(0, 10) + " UTC";
            var kind = reader.GetInt64(6) != 0 ? "legacy " + reader.GetString(2) : reader.GetString(2);
            result.Add(new CompletionItem(name, name,
                $"{name} (token {reader.GetInt64(1).ToString(CultureInfo.InvariantCulture)}): {kind}, {reader.GetString(3)}, {reader.GetString(4)}, expires {expires}"));
        }

        return result;
    }

    /// <summary>Asset ids whose id or name matches, with the name as label and tooltip; only the given tokens' assets when exact names are given.</summary>
    public IReadOnlyList<CompletionItem> AssetIds(string typed, IReadOnlyCollection<string>? tokenNames = null)
    {
        var pattern = new Matcher(typed);
        var like = LikePrefix(typed);
        var result = new List<CompletionItem>();
        var sql = new StringBuilder(
            "SELECT a.adam_id, MAX(a.name), MIN(a.product_type), COUNT(DISTINCT a.token_id), MIN(t.name) " +
            "FROM assets a JOIN tokens t ON t.token_id = a.token_id");
        using var command = connection.CreateCommand();
        sql.Append(" WHERE 1 = 1");
        if (like is not null)
        {
            sql.Append(" AND (a.adam_id LIKE @like ESCAPE '\\' OR lower(a.name) LIKE lower(@like) ESCAPE '\\')");
            command.AddParameter("@like", like);
        }

        if (tokenNames is { Count: > 0 } && !tokenNames.Any(Wildcard.ContainsWildcard))
        {
            sql.Append(" AND t.name IN (");
            var i = 0;
            foreach (var name in tokenNames)
            {
                if (i > 0) sql.Append(", ");
                sql.Append("@t").Append(i.ToString(CultureInfo.InvariantCulture));
                command.AddParameter("@t" + i.ToString(CultureInfo.InvariantCulture), name);
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
        var pattern = new Matcher(typed);
        var like = LikePrefix(typed);
        var result = new List<CompletionItem>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT g.name, g.member_type, (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.group_id) FROM groups g" +
            (like is null ? string.Empty : " WHERE lower(g.name) LIKE lower(@like) ESCAPE '\\'") + " ORDER BY g.name;";
        if (like is not null) command.AddParameter("@like", like);
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
        var pattern = new Matcher(typed);
        var like = LikePrefix(typed);
        var result = new List<CompletionItem>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT job_id, kind, state, description, created_on FROM jobs" +
            (like is null ? string.Empty : " WHERE lower(job_id) LIKE lower(@like) ESCAPE '\\'") + " ORDER BY created_on DESC, job_id DESC;";
        if (like is not null) command.AddParameter("@like", like);
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

    /// <summary>
    /// A LIKE prefix (compared in lower case, so case-insensitively on both engines) that narrows the rows read when what was typed is
    /// a plain ASCII prefix; null otherwise. Rows it lets through are still matched by <see cref="Matcher"/>.
    /// </summary>
    private static string? LikePrefix(string typed)
    {
        if (typed.Length == 0 || Wildcard.ContainsWildcard(typed) || typed.IndexOf('`') >= 0 || typed.Any(c => c > 127)) return null;
        var like = new StringBuilder();
        foreach (var c in typed)
        {
            if (c is '%' or '_' or '\\') like.Append('\\');
            like.Append(c);
        }

        return like.Append('%').ToString();
    }

    /// <summary>What was typed, as a prefix: PowerShell's wildcards when it holds any, else a case-insensitive StartsWith.</summary>
    private sealed class Matcher
    {
        private readonly string prefix;
        private readonly Wildcard? wildcard;

        public Matcher(string typed)
        {
            prefix = typed;
            if (Wildcard.ContainsWildcard(typed) || typed.IndexOf('`') >= 0)
            {
                wildcard = new Wildcard(typed.EndsWith("*", StringComparison.Ordinal) && !typed.EndsWith("`*", StringComparison.Ordinal) ? typed : typed + "*");
            }
        }

        public bool IsMatch(string text) =>
            wildcard?.IsMatch(text) ?? text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
    }
}
