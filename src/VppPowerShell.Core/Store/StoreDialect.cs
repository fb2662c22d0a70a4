using System.Collections.Generic;
using System.Data.Common;

namespace VppPowerShell.Core.Store;

/// <summary>
/// What differs between the engines, and nothing else: opening and migrating, the store-wide write
/// lock, bulk loading and query hints. Every feature writes its own SQL in the words both engines
/// share (<c>@name</c> parameters, <c>ON CONFLICT</c> upserts, <c>RETURNING</c>).
/// </summary>
internal abstract class StoreDialect
{
    public abstract StoreEngine Engine { get; }

    /// <summary>
    /// A token's request slots as every process using the store sees them, or null when the store
    /// is one machine's file (the slots are then that machine's own).
    /// </summary>
    public virtual ISharedSlots? SharedSlots(StoreLocation location, string gateKey) => null;

    /// <summary>
    /// A transaction holding the store's write lock from its first statement, so read-then-write
    /// checks (limits, duplicates, job claims) hold against every other process on the store.
    /// </summary>
    public abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>
    /// A transaction that writes one token's synced rows and nothing of any other token's: it waits
    /// for, and holds off, writes of the whole store and other writes of that token, but not another
    /// token's sync. SQLite has one writer at a time whatever it writes.
    /// </summary>
    public virtual DbTransaction BeginTokenWrite(DbConnection connection, int tokenId) => BeginWrite(connection);

    /// <summary>
    /// True when every statement is a round trip to a server, so that one query for many keys beats
    /// one per key; an engine in the process answers a prepared statement per key faster.
    /// </summary>
    public virtual bool QueriesAreRoundTrips => false;

    /// <summary>Names the index a statement must use, where the engine's planner needs telling.</summary>
    public virtual string IndexHint(string index) => string.Empty;

    /// <summary>Prepares a statement that runs many times.</summary>
    public virtual void Prepare(DbCommand command)
    {
    }

    /// <summary>
    /// Inserts many rows into <paramref name="table"/>, updating those whose <paramref name="conflict"/>
    /// key exists (<paramref name="update"/> is the SET list, in terms of <c>excluded</c>; null keeps
    /// them as they are, and then <paramref name="conflict"/> may be null: any key). The rows must not repeat a key. Returns the rows inserted or updated.
    /// SQLite, in-process, takes them one prepared statement at a time; PostgreSQL streams them by
    /// binary COPY and merges them in one statement. <paramref name="probablyNew"/> says the table
    /// likely holds none of them yet (a first sync): PostgreSQL then copies them straight in, and
    /// merges only if that finds a key already there.
    /// </summary>
    public abstract int Upsert(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns,
        string? conflict, string? update, IReadOnlyCollection<object?[]> rows, bool probablyNew = false);

    /// <summary>
    /// Deletes the rows whose <paramref name="keyColumns"/> equal those of one of <paramref name="keys"/>
    /// (no key column is null). Returns the rows deleted. SQLite takes them one prepared statement at
    /// a time; PostgreSQL joins the table to the keys sent as one array per column, in one statement.
    /// </summary>
    public abstract int Delete(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> keyColumns,
        IReadOnlyCollection<object?[]> keys);

    protected static string OnConflict(string? conflict, string? update) =>
        update is null
            ? (conflict is null ? "ON CONFLICT DO NOTHING" : $"ON CONFLICT ({conflict}) DO NOTHING")
            : $"ON CONFLICT ({conflict}) DO UPDATE SET {update}";

    /// <summary>
    /// Brings the planner's statistics of tables that just took many rows up to date, so the next
    /// queries plan on what is there. PostgreSQL never analyzes temporary tables by itself, and
    /// analyzes others only some time later; SQLite keeps its statistics when the store closes.
    /// </summary>
    public virtual void Analyze(DbConnection connection, DbTransaction? transaction, params string[] tables)
    {
    }

    /// <summary>Leaves the engine's statistics current when the store closes.</summary>
    public virtual void Optimize(DbConnection connection)
    {
    }
}
