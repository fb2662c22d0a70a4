using System;
using System.Collections.Generic;
using System.Data.Common;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Core.Licensing;

/// <summary>Reads, from the store, what the planner needs to know of Apple's state.</summary>
internal static class LicenseState
{
    public static PoolState Pool(VppStore store, VppToken token, string adamId, string pricingParam)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = "SELECT product_type, device_assignable, revocable, available_count FROM assets WHERE token_id = @token AND adam_id = @adam AND pricing_param = @pricing;";
        command.AddParameter("@token", token.TokenId);
        command.AddParameter("@adam", adamId);
        command.AddParameter("@pricing", pricingParam);
        string productType;
        bool deviceAssignable;
        bool revocable;
        int available;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                throw new VppException(VppErrorIds.AssetNotInToken, VppErrorCategory.ObjectNotFound,
                    $"Asset {adamId} ({pricingParam}) is not in token '{token.Name}' as of its last sync (each token is its own pool).",
                    adamId, $"Check the adamId with Get-VppAsset -TokenName '{token.Name}', or run Sync-VppToken if it was bought recently.");
            }

            productType = reader.GetString(0);
            deviceAssignable = reader.GetInt32(1) != 0;
            revocable = reader.GetInt32(2) != 0;
            available = reader.GetInt32(3);
        }

        var users = new HashSet<string>(StringComparer.Ordinal);
        var devices = new HashSet<string>(StringComparer.Ordinal);
        command.CommandText = "SELECT client_user_id, serial_number FROM assignments WHERE token_id = @token AND adam_id = @adam AND pricing_param = @pricing;";
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var user = reader.GetString(0);
                if (user.Length > 0) users.Add(user);
                else devices.Add(reader.GetString(1));
            }
        }

        return new PoolState(token.TokenId, adamId, pricingParam, productType, deviceAssignable, revocable, available, users, devices);
    }

    /// <summary>A token-wide view for Revoke: who holds any revocable license of the token.</summary>
    public static PoolState RevocableHolders(VppStore store, VppToken token)
    {
        var users = new HashSet<string>(StringComparer.Ordinal);
        var devices = new HashSet<string>(StringComparer.Ordinal);
        var pool = new PoolState(token.TokenId, "*", "*", "App", true, true, 0, users, devices);
        using var command = store.Connection.CreateCommand();
        command.CommandText = "SELECT s.client_user_id, s.serial_number, COUNT(*) FROM assignments s JOIN assets a ON a.token_id = s.token_id AND a.adam_id = s.adam_id " +
            "AND a.pricing_param = s.pricing_param WHERE s.token_id = @token AND a.revocable = 1 GROUP BY s.client_user_id, s.serial_number;";
        command.AddParameter("@token", token.TokenId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var user = reader.GetString(0);
            var held = Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
            if (user.Length > 0)
            {
                users.Add(user);
                pool.LicensesHeld[(user, LicenseType.User)] = held;
            }
            else
            {
                devices.Add(reader.GetString(1));
                pool.LicensesHeld[(reader.GetString(1), LicenseType.Device)] = held;
            }
        }

        return pool;
    }

    public static HashSet<string> ActiveUsers(VppStore store, int tokenId)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        using var command = store.Connection.CreateCommand();
        command.CommandText = "SELECT client_user_id FROM users WHERE token_id = @token AND status NOT IN ('Retired', 'Deleted');";
        command.AddParameter("@token", tokenId);
        using var reader = command.ExecuteReader();
        while (reader.Read()) result.Add(reader.GetString(0));
        return result;
    }

    public static Dictionary<string, string> Invitations(VppStore store, int tokenId)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        using var command = store.Connection.CreateCommand();
        command.CommandText = "SELECT client_user_id, invite_code FROM users WHERE token_id = @token AND invite_code IS NOT NULL;";
        command.AddParameter("@token", tokenId);
        using var reader = command.ExecuteReader();
        while (reader.Read()) result[reader.GetString(0)] = reader.GetString(1);
        return result;
    }

    public static IReadOnlyDictionary<string, VppDevice> Devices(VppStore store)
    {
        var result = new Dictionary<string, VppDevice>(StringComparer.Ordinal);
        using var command = store.Connection.CreateCommand();
        command.CommandText = "SELECT serial_number, platform, ownership, supervised, kiosk, user_enrollment, primary_user FROM devices;";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result[reader.GetString(0)] = new VppDevice(reader.GetString(0), Text(reader, 1), Text(reader, 2), Flag(reader, 3), Flag(reader, 4),
                Flag(reader, 5), Text(reader, 6));
        }

        return result;
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static bool? Flag(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal) != 0;
}
