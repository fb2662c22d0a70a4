using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using VppPowerShell.Core.Store;

namespace VppPowerShell.Benchmarks;

/// <summary>
/// The least time the store's engine needs to write a sync's rows into the same tables, with
/// nothing else to do: prepared inserts in one transaction on SQLite, binary COPY on PostgreSQL.
/// </summary>
internal static class StoreFloor
{
    public static double Measure(VppStore synced, BenchmarkStore empty)
    {
        var assignments = new List<(string, string, string, string)>();
        var users = new List<(string, string?, string, string?, string?)>();
        using (var read = synced.Connection.CreateCommand(null, "SELECT adam_id, pricing_param, client_user_id, serial_number FROM assignments;"))
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read()) assignments.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        using (var read = synced.Connection.CreateCommand(null, "SELECT client_user_id, email, status, invite_code, id_hash FROM users;"))
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                users.Add((reader.GetString(0), Text(reader, 1), reader.GetString(2), Text(reader, 3), Text(reader, 4)));
            }
        }

        // The same schema as a real store, and its token, made before timing starts.
        using var target = empty.Open();
        using (var token = target.Connection.CreateCommand(null,
                   "INSERT INTO tokens (token_id, name, organization_name, apple_id, country_code, account_type, automatic_app_updates, consent_given_on, expires_on, state, secret, secret_fingerprint, created_on) " +
                   "VALUES (1, 'floor', 'floor', 'a@b.c', 'US', 'Business', 0, '', '', 'Valid', @secret, 'floor', '');"))
        {
            token.AddParameter("@secret", new byte[] { 0 });
            token.ExecuteNonQuery();
        }

        var watch = Stopwatch.StartNew();
        if (target.Connection is NpgsqlConnection shared) Copy(shared, assignments, users);
        else Insert(target.Connection, assignments, users);
        return watch.Elapsed.TotalSeconds;
    }

    private static void Copy(NpgsqlConnection connection, List<(string, string, string, string)> assignments, List<(string, string?, string, string?, string?)> users)
    {
        using var transaction = connection.BeginTransaction();
        using (var copy = connection.BeginBinaryImport("COPY assignments (token_id, adam_id, pricing_param, client_user_id, serial_number) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (a, p, u, s) in assignments)
            {
                copy.StartRow();
                copy.Write(1L, NpgsqlDbType.Bigint);
                copy.Write(a, NpgsqlDbType.Text);
                copy.Write(p, NpgsqlDbType.Text);
                copy.Write(u, NpgsqlDbType.Text);
                copy.Write(s, NpgsqlDbType.Text);
            }

            copy.Complete();
        }

        using (var copy = connection.BeginBinaryImport("COPY users (token_id, client_user_id, email, status, invite_code, id_hash) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (c, e, s, i, h) in users)
            {
                copy.StartRow();
                copy.Write(1L, NpgsqlDbType.Bigint);
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

    private static void Insert(DbConnection connection, List<(string, string, string, string)> assignments, List<(string, string?, string, string?, string?)> users)
    {
        using (var pragma = connection.CreateCommand(null, "PRAGMA foreign_keys = OFF;")) pragma.ExecuteNonQuery();
        using var transaction = connection.BeginTransaction();
        using (var insert = Prepared(connection, transaction,
                   "INSERT INTO assignments (token_id, adam_id, pricing_param, client_user_id, serial_number) VALUES (1, @a, @p, @u, @s);", 4))
        {
            foreach (var (a, p, u, s) in assignments)
            {
                Set(insert, a, p, u, s);
                insert.ExecuteNonQuery();
            }
        }

        using (var insert = Prepared(connection, transaction,
                   "INSERT INTO users (token_id, client_user_id, email, status, invite_code, id_hash) VALUES (1, @c, @e, @s, @i, @h);", 5))
        {
            foreach (var (c, e, s, i, h) in users)
            {
                Set(insert, c, e, s, i, h);
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
