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
    /// A transaction holding the store's write lock from its first statement, so read-then-write
    /// checks (limits, duplicates, job claims) hold against every other process on the store.
    /// </summary>
    public abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>Names the index a statement must use, where the engine's planner needs telling.</summary>
    public virtual string IndexHint(string index) => string.Empty;

    /// <summary>Prepares a statement that runs many times.</summary>
    public virtual void Prepare(DbCommand command)
    {
    }

    /// <summary>Leaves the engine's statistics current when the store closes.</summary>
    public virtual void Optimize(DbConnection connection)
    {
    }
}
