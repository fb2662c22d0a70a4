using System;
using System.Globalization;
using Microsoft.Data.Sqlite;
using VppPowerShell.Core.Store;

namespace VppPowerShell.Tests.Shared;

/// <summary>
/// A SQLite store of many tokens that each bought the same apps, written with SQL (Add-VppToken
/// would take minutes for 3,000 tokens), for the report at scale. Token i is named
/// "School iiii City" (every 10th "School iiii O'Neil &lt;Annex&gt;", a name to escape); every 97th
/// expires in 5 days and every 53rd in 20. App j (adamId 1000000000 + j, "App jjj", every 7th a book)
/// has 10 + (i * j) % 90 licenses, most of them assigned; in every 101st pool all are assigned, and
/// 2 more devices are asked for than it owns (2 licenses missing).
/// </summary>
public static class ManyTokenReportStore
{
    public const long FirstAdamId = 1_000_000_000;

    private static readonly string[] Cities = { "Paris", "Lyon", "Nice", "Lille", "Nantes", "Rennes", "Dijon", "Metz", "Brest" };

    public static string TokenName(int token) =>
        $"School {token.ToString("D4", CultureInfo.InvariantCulture)} " + (token % 10 == 0 ? "O'Neil <Annex>" : Cities[token % Cities.Length]);

    public static string AdamId(int app) => (FirstAdamId + app).ToString(CultureInfo.InvariantCulture);

    public static string AppName(int app) => (app % 7 == 0 ? "Book " : "App ") + app.ToString("D3", CultureInfo.InvariantCulture);

    public static bool IsShort(int token, int app) => (token * 31 + app) % 101 == 0;

    public static int Total(int token, int app) => IsShort(token, app) ? 2 : 10 + (token * app) % 90;

    public static int Assigned(int token, int app) => IsShort(token, app) ? 2 : Total(token, app) * 3 / 4;

    public static void Seed(string storePath, int tokenCount, int appCount, DateTimeOffset now)
    {
        VppStore.Open(StoreLocation.Resolve(storePath, null)).Dispose();
        using var connection = new SqliteConnection($"Data Source={storePath}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var stamp = VppStore.FormatDate(now);
        using (var command = Command(connection, transaction,
            "INSERT INTO tokens (token_id, name, organization_name, apple_id, country_code, account_type, automatic_app_updates, consent_given_on, " +
            "expires_on, state, secret, secret_fingerprint, created_on) VALUES ($id, $name, 'Contoso', 'vpp@contoso.com', 'FR', 'Education', 1, $now, $expires, 'Valid', x'00', $id, $now);"))
        {
            var id = command.Parameters.Add("$id", SqliteType.Integer);
            var name = command.Parameters.Add("$name", SqliteType.Text);
            var expires = command.Parameters.Add("$expires", SqliteType.Text);
            command.Parameters.AddWithValue("$now", stamp);
            for (var token = 1; token <= tokenCount; token++)
            {
                id.Value = token;
                name.Value = TokenName(token);
                var days = token % 97 == 0 ? 5 : token % 53 == 0 ? 20 : 200 + token % 100;
                expires.Value = VppStore.FormatDate(now.AddDays(days).AddHours(-1));
                command.ExecuteNonQuery();
            }
        }

        using (var asset = Command(connection, transaction,
            "INSERT INTO assets (token_id, adam_id, pricing_param, product_type, name, total_count, assigned_count, available_count, retired_count, " +
            "device_assignable, revocable, supported_platforms, confirmed_on) VALUES ($token, $adam, 'STDQ', $type, $name, $total, $assigned, $available, 0, 1, 1, 'iOS', $now);"))
        using (var desired = Command(connection, transaction,
            "INSERT INTO desired (token_id, adam_id, pricing_param, target_type, target, license_type, intent, updated_on) " +
            "VALUES ($token, $adam, 'STDQ', 'Device', $serial, 'Device', 'Required', $now);"))
        using (var held = Command(connection, transaction,
            "INSERT INTO assignments (token_id, adam_id, pricing_param, client_user_id, serial_number) VALUES ($token, $adam, 'STDQ', '', $serial);"))
        {
            asset.Parameters.AddWithValue("$now", stamp);
            desired.Parameters.AddWithValue("$now", stamp);
            for (var token = 1; token <= tokenCount; token++)
            {
                for (var app = 1; app <= appCount; app++)
                {
                    var total = Total(token, app);
                    var assigned = Assigned(token, app);
                    Set(asset, ("$token", token), ("$adam", AdamId(app)), ("$type", app % 7 == 0 ? "Book" : "App"), ("$name", AppName(app)),
                        ("$total", total), ("$assigned", assigned), ("$available", total - assigned));
                    asset.ExecuteNonQuery();
                    if (!IsShort(token, app)) continue;
                    for (var device = 0; device < total + 2; device++)
                    {
                        var serial = $"T{token:D4}A{app:D3}D{device:D2}";
                        Set(desired, ("$token", token), ("$adam", AdamId(app)), ("$serial", serial));
                        desired.ExecuteNonQuery();
                        if (device >= total) continue;
                        Set(held, ("$token", token), ("$adam", AdamId(app)), ("$serial", serial));
                        held.ExecuteNonQuery();
                    }
                }
            }
        }

        transaction.Commit();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Set(SqliteCommand command, params (string Name, object Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            if (command.Parameters.Contains(name)) command.Parameters[name].Value = value;
            else command.Parameters.AddWithValue(name, value);
        }
    }
}
