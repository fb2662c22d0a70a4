using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Diagnostics;
using System.Linq;
using Npgsql;
using NpgsqlTypes;
using VppPowerShell.Core.Store;

namespace VppPowerShell.Benchmarks;

/// <summary>
/// The least time the store's engine needs to write a sync's rows into the same tables, with
/// nothing else to do: prepared inserts in one transaction on SQLite, binary COPY on PostgreSQL.
/// Each row keeps its token, so a store of many tokens is written as it was synced.
/// </summary>
internal static class StoreFloor
{
    public static double Measure(VppStore synced, BenchmarkStore empty)
    {
        var assignments = new List<(long, string, string, string, string)>();
        var users = new List<(long, string, string?, string, string?, string?)>();
        using (var read = synced.Connection.CreateCommand(null, "SELECT token_id, adam_id, pricing_param, client_user_id, serial_number FROM assignments;"))
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read()) assignments.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        using (var read = synced.Connection.CreateCommand(null, "SELECT token_id, client_user_id, email, status, invite_code, id_hash FROM users;"))
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                users.Add((reader.GetInt64(0), reader.GetString(1), Text(reader, 2), reader.GetString(3), Text(reader, 4), Text(reader, 5)));
            }
        }

        // The same schema as a real store, and its tokens, made before timing starts.
        using var target = empty.Open();
        foreach (var tokenId in assignments.Select(a => a.Item1).Concat(users.Select(u => u.Item1)).Distinct())
        {
            using var token = target.Connection.CreateCommand(null,
                "INSERT INTO tokens (token_id, name, organization_name, apple_id, country_code, account_type, automatic_app_updates, consent_given_on, expires_on, state, secret, secret_fingerprint, created_on) " +
                "VALUES (@id, @name, 'floor', 'a@b.c', 'US', 'Business', 0, '', '', 'Valid', @secret, @name, '');");
            token.AddParameter("@id", tokenId);
            token.AddParameter("@name", "floor " + tokenId);
            token.AddParameter("@secret", new byte[] { 0 });
            token.ExecuteNonQuery();
        }

        var watch = Stopwatch.StartNew();
        if (target.Connection is NpgsqlConnection shared) Copy(shared, assignments, users);
        else Insert(target.Connection, assignments, users);
        return watch.Elapsed.TotalSeconds;
    }

    private static void Copy(NpgsqlConnection connection, List<(long, string, string, string, string)> assignments, List<(long, string, string?, string, string?, string?)> users)
    {
        using var transaction = connection.BeginTransaction();
        using (var copy = connection.BeginBinaryImport("COPY assignments (token_id, adam_id, pricing_param, client_user_id, serial_number) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (t, a, p, u, s) in assignments)
            {
                copy.StartRow();
                copy.Write(t, NpgsqlDbType.Bigint);
                copy.Write(a, NpgsqlDbType.Text);
                copy.Write(p, NpgsqlDbType.Text);
                copy.Write(u, NpgsqlDbType.Text);
                copy.Write(s, NpgsqlDbType.Text);
            }

            copy.Complete();
        }

        using (var copy = connection.BeginBinaryImport("COPY users (token_id, client_user_id, email, status, invite_code, id_hash) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (t, c, e, s, i, h) in users)
            {
                copy.StartRow();
                copy.Write(t, NpgsqlDbType.Bigint);
                copy.Write(c, NpgsqlDbType.Text);
                WriteText(copy, e);
                copy.Write(s, NpgsqlDbType.Text);
                WriteText(copy, i);
                WriteText(copy, h);
            }

            copy.Complete();
        }

        transaction.Commit();
    }

    private static void Insert(DbConnection connection, List<(long, string, string, string, string)> assignments, List<(long, string, string?, string, string?, string?)> users)
    {
        using (var pragma = connection.CreateCommand(null, "PRAGMA foreign_keys = OFF;")) pragma.ExecuteNonQuery();
        using var transaction = connection.BeginTransaction();
        using (var insert = Prepared(connection, transaction,
                   "INSERT INTO assignments (token_id, adam_id, pricing_param, client_user_id, serial_number) VALUES (@t, @a, @p, @u, @s);", 5))
        {
            foreach (var (t, a, p, u, s) in assignments)
            {
                Set(insert, t, a, p, u, s);
                insert.ExecuteNonQuery();
            }
        }

        using (var insert = Prepared(connection, transaction,
                   "INSERT INTO users (token_id, client_user_id, email, status, invite_code, id_hash) VALUES (@t, @c, @e, @s, @i, @h);", 6))
        {
            foreach (var (t, c, e, s, i, h) in users)
            {
                Set(insert, t, c, e, s, i, h);
                insert.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    private static DbCommand Prepared(DbConnection connection, DbTransaction transaction, string sql, int count)
    {
        var command = connection.CreateCommand(transaction, sql);
        var names = sql.Substring(sql.IndexOf("VALUES", StringComparison.Ordinal)).Split('@');
        for (var i = 1; i <= count; i++) command.AddParameter("@" + names[i].Substring(0, 1));
        command.Prepare();
        return command;
    }

    private static void Set(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
    }

    private static void WriteText(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null) copy.WriteNull();
        else copy.Write(value, NpgsqlDbType.Text);
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
