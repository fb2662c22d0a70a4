using System;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Npgsql;

namespace VppPowerShell.Core.Store;

/// <summary>
/// A token's slots in a shared store: session-level advisory locks of the store's database, held on
/// one connection of this process. Every host using the database sees them; the server releases
/// them when the connection ends, so a worker that dies keeps no slot. A session that has held no slot
/// for a while is closed (the next take opens another), so syncing thousands of tokens keeps sessions
/// open only for the tokens at work, not one per token ever used, which would exhaust the server's connections.
/// </summary>
internal sealed class PostgresSlots : ISharedSlots, IDisposable
{
    /// <summary>The advisory-lock class of request slots ('VPPG').</summary>
    private const int SlotClass = 0x56505047;

    private static readonly TimeSpan IdleSession = TimeSpan.FromSeconds(5);

    private readonly object sync = new();
    private readonly Timer idle;
    private readonly string connectionString;
    private readonly int baseKey;
    // Advisory locks are re-entrant within a session: this process must not take its own slot twice.
    private readonly bool[] held = new bool[8];
    private NpgsqlConnection? connection;

    public PostgresSlots(string connectionString, string gateKey)
    {
        this.connectionString = connectionString;
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(gateKey));
        // Eight keys per token, five used: the low bits name the slot.
        baseKey = BitConverter.ToInt32(hash, 0) & ~7;
        idle = new Timer(_ => CloseIfIdle(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public IDisposable? TryTake(int slot)
    {
        lock (sync)
        {
            if (held[slot]) return null;
            idle.Change(Timeout.Infinite, Timeout.Infinite);
            var session = Session();
            using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@class, @key);", session);
            command.Parameters.AddWithValue("class", SlotClass);
            command.Parameters.AddWithValue("key", baseKey | slot);
            try
            {
                if (!(bool)command.ExecuteScalar()!) return null;
                held[slot] = true;
                return new Slot(this, session, slot);
            }
            catch (NpgsqlException)
            {
                Forget(session);
                throw;
            }
        }
    }

    /// <summary>Ends the session: the server releases every slot it held.</summary>
    public void Dispose()
    {
        idle.Dispose();
        lock (sync)
        {
            if (connection is not null) Forget(connection);
        }
    }

    private void CloseIfIdle()
    {
        lock (sync)
        {
            if (connection is not null && Array.IndexOf(held, true) < 0) Forget(connection);
        }
    }

    private NpgsqlConnection Session()
    {
        if (connection is null)
        {
            // Its own session, unpooled: a pooled connection's reset would release the locks.
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "VppPowerShell slots" };
            var opened = new NpgsqlConnection(builder.ConnectionString);
            opened.Open();
            connection = opened;
        }

        return connection;
    }

    /// <summary>A broken session has lost its locks with it: start a new one on the next take.</summary>
    private void Forget(NpgsqlConnection session)
    {
        if (connection != session) return;
        connection = null;
        Array.Clear(held, 0, held.Length);
        session.Dispose();
    }

    private void Release(NpgsqlConnection session, int slot)
    {
        lock (sync)
        {
            if (connection != session) return;
            held[slot] = false;
            try
            {
                using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@class, @key);", session);
                command.Parameters.AddWithValue("class", SlotClass);
                command.Parameters.AddWithValue("key", baseKey | slot);
                command.ExecuteNonQuery();
                if (Array.IndexOf(held, true) < 0) idle.Change(IdleSession, Timeout.InfiniteTimeSpan);
            }
            catch (NpgsqlException)
            {
                Forget(session);
            }
        }
    }

    private sealed class Slot : IDisposable
    {
        private readonly PostgresSlots owner;
        private readonly NpgsqlConnection session;
        private readonly int slot;

        public Slot(PostgresSlots owner, NpgsqlConnection session, int slot)
        {
            this.owner = owner;
            this.session = session;
            this.slot = slot;
        }

        public void Dispose() => owner.Release(session, slot);
    }
}
