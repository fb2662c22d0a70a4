using System;
using System.Collections.Generic;
using System.Data.Common;
using VppPowerShell.Core.Store;

namespace VppPowerShell.Core.Sync;

/// <summary>
/// A sync's writes (from its concurrent reads, one at a time), held in memory while Apple's pages are read and applied in one transaction
/// afterwards. SQLite has one writer at a time and its transaction holds that lock from the start,
/// so a token that wrote while it waited on Apple would keep every other token of a parallel run
/// waiting for its network time too. A token with more rows than <see cref="RowsHeldAtMost"/> starts
/// its transaction then and writes the rest as it reads, so memory stays bounded.
/// </summary>
internal sealed class DeferredSyncWrites : IDisposable
{
    /// <summary>About 20 MB of Apple's rows per running token.</summary>
    internal const int RowsHeldAtMost = 50_000;

    private readonly VppStore store;
    private readonly int tokenId;
    private readonly long generation;
    private readonly List<Action<SyncWriter>> held = new();
    private readonly object gate = new();
    private int rowsHeld;
    private DbTransaction? transaction;
    private SyncWriter? writer;

    public DeferredSyncWrites(VppStore store, int tokenId, long generation)
    {
        this.store = store;
        this.tokenId = tokenId;
        this.generation = generation;
    }

    /// <summary>The transaction, once <see cref="Writer"/> has opened it.</summary>
    public DbTransaction Transaction => transaction ?? throw new InvalidOperationException("The sync's transaction is not open yet.");

    /// <summary>Applies <paramref name="write"/> (of <paramref name="rows"/> of Apple's rows) now if the transaction is open, else later, in order.</summary>
    public void Write(int rows, Action<SyncWriter> write)
    {
        lock (gate)
        {
            if (writer is not null)
            {
                write(writer);
                return;
            }

            held.Add(write);
            rowsHeld += rows;
            if (rowsHeld > RowsHeldAtMost) Writer();
        }
    }

    /// <summary>Opens the transaction (taking the token's write lock), applies what was held, and returns the writer.</summary>
    public SyncWriter Writer()
    {
        lock (gate)
        {
            if (writer is not null) return writer;
            transaction = store.BeginTokenWrite(tokenId);
            writer = new SyncWriter(store, transaction, tokenId, generation);
            foreach (var write in held) write(writer);
            held.Clear();
            rowsHeld = 0;
            return writer;
        }
    }

    public void Dispose()
    {
        transaction?.Dispose();
    }
}
