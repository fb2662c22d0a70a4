using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Sync;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Benchmarks;

/// <summary>
/// A full sync into a fresh store over loopback HTTP, then an incremental sync after random
/// changes, against the time SQLite alone needs to insert the same rows (the floor).
/// </summary>
public static class SyncBenchmark
{
    public static async Task<int> RunAsync(Arguments options)
    {
        var changes = options.Int("changes", 1000);
        var latencyMs = options.Int("latency-ms", 0);
        var (host, baseUri, tokenContent) = SimulatorHost.Start(options);
        var folder = Path.Combine(Path.GetTempPath(), "vpp-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var storePath = Path.Combine(folder, "vpp.db");
            var tokenPath = Path.Combine(folder, "benchmark.vpptoken");
            File.WriteAllText(tokenPath, tokenContent);
            SyncSummary full;
            SyncSummary incremental;
            long peakWorkingSet;
            long fullLatent;
            using (var store = VppStore.Open(StoreLocation.Resolve(storePath, null)))
            {
                var catalog = new TokenCatalog(store);
                var token = catalog.Add(NewTokenRequest.Create(TokenSource.FromFile(tokenPath), "Benchmark", "bench@contoso.com", "US",
                    AccountType.Business, false, true, DateTimeOffset.UtcNow, baseUri.AbsoluteUri));
                GC.Collect();
                full = await new TokenSync(store).SyncAsync(token, true, null, 1, CancellationToken.None);
                using (var self = Process.GetCurrentProcess()) peakWorkingSet = self.PeakWorkingSet64;
                fullLatent = long.Parse(SimulatorHost.Ask(host, "LATENT").Split(' ')[1], CultureInfo.InvariantCulture);

                SimulatorHost.Ask(host, $"CHANGE {changes}");
                incremental = await new TokenSync(store).SyncAsync(catalog.Get(token.TokenId), false, null, 1, CancellationToken.None);
            }

            var incrementalLatent = long.Parse(SimulatorHost.Ask(host, "LATENT").Split(' ')[1], CultureInfo.InvariantCulture);

            var stats = SimulatorHost.Ask(host, "STATS").Split(' ');
            var (storedAssignments, storedUsers) = CountRows(storePath);
            var verified = storedAssignments == long.Parse(stats[3], CultureInfo.InvariantCulture)
                && storedUsers == long.Parse(stats[4], CultureInfo.InvariantCulture);
            var floor = MeasureStoreFloor(storePath, Path.Combine(folder, "floor.db"));
            var records = full.AssetsAdded + full.AssignmentsAdded + full.UsersAdded;

            Console.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = "sync",
                records,
                assets = full.AssetsAdded,
                assignments = full.AssignmentsAdded,
                users = full.UsersAdded,
                seconds = Round(full.Duration.TotalSeconds),
                recordsPerSecond = Math.Round(records / full.Duration.TotalSeconds),
                requests = full.Requests,
                peakWorkingSetMB = Math.Round(peakWorkingSet / 1024.0 / 1024.0, 1),
                storeFloorSeconds = Round(floor),
                ratioToFloor = Round(full.Duration.TotalSeconds / floor),
                latencyMs,
                latentRequests = fullLatent,
                networkFloorSeconds = Round(NetworkFloor(fullLatent, latencyMs)),
                ratioToNetworkFloor = latencyMs > 0 ? Round(full.Duration.TotalSeconds / NetworkFloor(fullLatent, latencyMs)) : (double?)null,
                changes,
                incrementalSeconds = Round(incremental.Duration.TotalSeconds),
                incrementalRequests = incremental.Requests,
                incrementalNetworkFloorSeconds = Round(NetworkFloor(incrementalLatent, latencyMs)),
                incrementalPeakInFlight = int.Parse(stats[1], CultureInfo.InvariantCulture),
                storeEqualsSimulator = verified,
            }));
            return verified ? 0 : 1;
        }
        finally
        {
            host.StandardInput.WriteLine("QUIT");
            host.WaitForExit(10_000);
            host.Dispose();
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The least time the requests can take on the wire: 5 in flight per token (Apple's rule), each
    /// costing the latency. Apple's protocol imposes no other wait on a read.
    /// </summary>
    internal static double NetworkFloor(long requests, int latencyMs) =>
        Math.Ceiling(requests / (double)VppPowerShell.Core.Apple.AppleClientOptions.MaxInFlightPerToken) * latencyMs / 1000.0;

    /// <summary>Inserts the synced rows into a fresh store file in one transaction with prepared statements.</summary>
    private static double MeasureStoreFloor(string syncedStore, string floorStore)
    {
        var assignments = new List<(string, string, string, string)>();
        var users = new List<(string, string?, string, string?, string?)>();
        using (var source = Open(syncedStore))
        {
            using var read = source.CreateCommand();
            read.CommandText = "SELECT adam_id, pricing_param, client_user_id, serial_number FROM assignments;";
            using (var reader = read.ExecuteReader())
            {
                while (reader.Read()) assignments.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }

            read.CommandText = "SELECT client_user_id, email, status, invite_code, id_hash FROM users;";
            using (var reader = read.ExecuteReader())
            {
                while (reader.Read())
                {
                    users.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2),
                        reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
                }
            }
        }

        // The same schema as a real store, created and closed before timing starts.
        VppStore.Open(StoreLocation.Resolve(floorStore, null)).Dispose();

        using var target = Open(floorStore);
        using (var pragma = target.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;" +
                "INSERT INTO tokens (name, organization_name, apple_id, country_code, account_type, automatic_app_updates, consent_given_on, expires_on, state, secret, secret_fingerprint, created_on) " +
                "VALUES ('floor', 'floor', 'a@b.c', 'US', 'Business', 0, '', '', 'Valid', x'00', 'floor', '');";
            pragma.ExecuteNonQuery();
        }

        var watch = Stopwatch.StartNew();
        using (var transaction = target.BeginTransaction())
        {
            using var insertAssignment = Prepared(target, transaction,
                "INSERT INTO assignments (token_id, adam_id, pricing_param, client_user_id, serial_number) VALUES (1, $a, $p, $u, $s);", "$a", "$p", "$u", "$s");
            foreach (var (a, p, u, s) in assignments)
            {
                insertAssignment.Parameters[0].Value = a;
                insertAssignment.Parameters[1].Value = p;
                insertAssignment.Parameters[2].Value = u;
                insertAssignment.Parameters[3].Value = s;
                insertAssignment.ExecuteNonQuery();
            }

            using var insertUser = Prepared(target, transaction,
                "INSERT INTO users (token_id, client_user_id, email, status, invite_code, id_hash) VALUES (1, $c, $e, $s, $i, $h);", "$c", "$e", "$s", "$i", "$h");
            foreach (var (c, e, s, i, h) in users)
            {
                insertUser.Parameters[0].Value = c;
                insertUser.Parameters[1].Value = (object?)e ?? DBNull.Value;
                insertUser.Parameters[2].Value = s;
                insertUser.Parameters[3].Value = (object?)i ?? DBNull.Value;
                insertUser.Parameters[4].Value = (object?)h ?? DBNull.Value;
                insertUser.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        return watch.Elapsed.TotalSeconds;
    }

    private static (long Assignments, long Users) CountRows(string storePath)
    {
        using var connection = Open(storePath);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM assignments), (SELECT COUNT(*) FROM users);";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    private static SqliteCommand Prepared(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private static double Round(double value) => Math.Round(value, 3);
}
