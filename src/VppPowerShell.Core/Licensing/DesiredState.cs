using System;
using System.Collections.Generic;
using VppPowerShell.Core.Store;

namespace VppPowerShell.Core.Licensing;

/// <summary>What the admin asked for, kept beside Apple's actual state (reports compare the two).</summary>
public sealed class DesiredState
{
    private readonly VppStore store;

    public DesiredState(VppStore store)
    {
        this.store = store;
    }

    /// <summary>Records (or updates) desired assignments: one row per asset and named target.</summary>
    public void Record(int tokenId, IReadOnlyCollection<(string AdamId, string PricingParam)> assets, IEnumerable<(string TargetType, string Target, LicenseType LicenseType)> targets,
        AssignmentIntent intent)
    {
        var now = VppStore.FormatDate(DateTimeOffset.UtcNow);
        using var transaction = store.BeginWrite();
        using var command = store.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "INSERT INTO desired (token_id, adam_id, pricing_param, target_type, target, license_type, intent, updated_on) VALUES (@token, @adam, @pricing, @type, @target, @license, @intent, @now) " +
            "ON CONFLICT (token_id, adam_id, pricing_param, target_type, target) DO UPDATE SET license_type = excluded.license_type, intent = excluded.intent, updated_on = excluded.updated_on;";
        var parameters = new[] { "@token", "@adam", "@pricing", "@type", "@target", "@license", "@intent", "@now" };
        foreach (var name in parameters) command.AddParameter(name);
        store.Dialect.Prepare(command);
        var list = new List<(string, string, LicenseType)>(targets);
        foreach (var (adamId, pricing) in assets)
        {
            foreach (var (type, target, license) in list)
            {
                object[] values = { tokenId, adamId, pricing, type, target, license.ToString(), intent.ToString(), now };
                for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
                command.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    /// <summary>Forgets desired assignments (Remove-VppAssignment).</summary>
    public void Forget(int tokenId, IReadOnlyCollection<(string AdamId, string PricingParam)> assets, IEnumerable<(string TargetType, string Target)> targets)
    {
        using var transaction = store.BeginWrite();
        using var command = store.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM desired WHERE token_id = @token AND adam_id = @adam AND pricing_param = @pricing AND target_type = @type AND target = @target;";
        var list = new List<(string, string)>(targets);
        foreach (var (adamId, pricing) in assets)
        {
            foreach (var (type, target) in list)
            {
                command.Parameters.Clear();
                command.AddParameter("@token", tokenId);
                command.AddParameter("@adam", adamId);
                command.AddParameter("@pricing", pricing);
                command.AddParameter("@type", type);
                command.AddParameter("@target", target);
                command.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    /// <summary>
    /// Forgets what revoking takes back: every desired assignment of the targets (of every target of
    /// the token when <paramref name="targets"/> is null), optionally of some assets only. Books and
    /// other licenses Apple cannot revoke stay desired, since they stay assigned.
    /// </summary>
    public void ForgetRevoked(int tokenId, IEnumerable<(string TargetType, string Target)>? targets, IReadOnlyCollection<string>? adamIds = null)
    {
        using var transaction = store.BeginWrite();
        using var command = store.Connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new System.Text.StringBuilder(
            "DELETE FROM desired WHERE token_id = @token AND target_type <> 'Group' " +
            "AND NOT EXISTS (SELECT 1 FROM assets a WHERE a.token_id = desired.token_id AND a.adam_id = desired.adam_id AND a.pricing_param = desired.pricing_param AND a.revocable = 0)");
        command.AddParameter("@token", tokenId);
        SqlFilter.In(command, sql, "adam_id", adamIds);
        if (targets is null)
        {
            command.CommandText = sql + ";";
            command.ExecuteNonQuery();
        }
        else
        {
            command.CommandText = sql + " AND target_type = @type AND target = @target;";
            var type = command.AddParameter("@type");
            var target = command.AddParameter("@target");
            foreach (var (targetType, name) in targets)
            {
                type.Value = targetType;
                target.Value = name;
                command.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    /// <summary>The desired assignments that name a group: (token, asset, license type, intent).</summary>
    public IReadOnlyList<(int TokenId, string AdamId, string PricingParam, LicenseType LicenseType, AssignmentIntent Intent)> ForGroup(string groupName)
    {
        var result = new List<(int, string, string, LicenseType, AssignmentIntent)>();
        using var command = store.Connection.CreateCommand();
        command.CommandText = "SELECT token_id, adam_id, pricing_param, license_type, intent FROM desired WHERE target_type = 'Group' AND lower(target) = lower(@group);";
        command.AddParameter("@group", groupName);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2), (LicenseType)Enum.Parse(typeof(LicenseType), reader.GetString(3)),
                (AssignmentIntent)Enum.Parse(typeof(AssignmentIntent), reader.GetString(4))));
        }

        return result;
    }

    /// <summary>True when the target is still desired for the asset directly (not only through the group).</summary>
    public bool IsDesiredDirectly(int tokenId, string adamId, string pricingParam, string target)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM desired WHERE token_id = @token AND adam_id = @adam AND pricing_param = @pricing AND target_type <> 'Group' AND target = @target AND intent <> 'Uninstall';";
        command.AddParameter("@token", tokenId);
        command.AddParameter("@adam", adamId);
        command.AddParameter("@pricing", pricingParam);
        command.AddParameter("@target", target);
        return command.ExecuteScalar() is not null;
    }
}
