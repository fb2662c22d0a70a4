using System;
using System.Data;
using System.Data.Common;
using Npgsql;

namespace VppPowerShell.Core.Store;

/// <summary>
/// What a failure of a shared store's database means to the person running the command: the
/// connection was lost (the server restarted, the session was ended), or the database refused to
/// write (read-only, or a permission missing). Each becomes the module's own error, with the
/// PostgreSQL SQLSTATE kept in its Data["SqlState"] and the driver's exception inside; any other
/// failure is left as it is.
/// </summary>
public static class StoreFailure
{
    /// <summary>The key of <see cref="Exception.Data"/> that holds the SQLSTATE PostgreSQL answered.</summary>
    public const string SqlStateKey = "SqlState";

    private const string ReadOnlyTransaction = "25006";
    private const string InsufficientPrivilege = "42501";

    /// <summary>True for an error this class made: it names the job, if any, and what finishes the work.</summary>
    public static bool IsStoreFailure(VppException error) =>
        error.ErrorId is VppErrorIds.StoreConnectionLost or VppErrorIds.StoreReadOnly or VppErrorIds.StorePermissionDenied;

    /// <summary>
    /// The module's error for <paramref name="error"/>, raised by <paramref name="store"/>'s database,
    /// or null when it is not a failure of the database. <paramref name="jobId"/> names the job the
    /// work was running, which Resume-VppJob finishes; without it, the command is run again.
    /// </summary>
    public static VppException? Explain(Exception error, VppStore store, string? jobId = null)
    {
        if (error is VppException || store.Engine != StoreEngine.PostgreSql) return null;
        var shown = store.Path;
        var connectionClosed = store.Connection.State != ConnectionState.Open;
        var postgres = Find<PostgresException>(error);
        var sqlState = postgres?.SqlState;
        var finish = jobId is null
            ? "then run the same command again: it starts from what the store kept."
            : $"then run Resume-VppJob -JobId {jobId}: it picks the job up where the store says it stopped (from another PowerShell process, once this one's lease on the job has run out and Get-VppJob shows it Interrupted).";
        const string nothingHalfWritten = "Nothing half-written was kept: the database drops a change it did not finish, and what was saved before stays.";
        var target = (object?)jobId ?? shown;

        if (sqlState == ReadOnlyTransaction)
        {
            return Keep(sqlState, new VppException(VppErrorIds.StoreReadOnly, VppErrorCategory.WriteError,
                $"The store's database ({shown}) accepts no writes: it is read-only (default_transaction_read_only, or a standby server). {nothingHalfWritten}",
                target, $"Point the store at the primary server, or have its administrator allow this user to write (ALTER ROLE <user> SET default_transaction_read_only = off); {finish}", error));
        }

        if (sqlState == InsufficientPrivilege)
        {
            return Keep(sqlState, new VppException(VppErrorIds.StorePermissionDenied, VppErrorCategory.PermissionDenied,
                $"The store's user may not do what this command needs in the store's database ({shown}): {postgres?.MessageText ?? error.Message}. {nothingHalfWritten}",
                target, $"Grant the store's user SELECT, INSERT, UPDATE and DELETE on the store's tables (and CREATE on its schema, for upgrades); {finish}", error));
        }

        if (IsLost(error, sqlState, connectionClosed))
        {
            return Keep(sqlState, new VppException(VppErrorIds.StoreConnectionLost, VppErrorCategory.ConnectionError,
                $"The connection to the store's database ({shown}) was lost: the server restarted, or the session was ended. {nothingHalfWritten}",
                target, $"Check that the server is up and reachable; {finish}", error));
        }

        return null;
    }

    /// <summary>
    /// A session PostgreSQL ended (SQLSTATE class 08, or 57P01-57P03 when the server shuts down or
    /// restarts), or any driver error after which the connection is no longer open (a broken
    /// stream, or "Connection is not open" from the next use of it).
    /// </summary>
    private static bool IsLost(Exception error, string? sqlState, bool connectionClosed) =>
        sqlState is { } state && (state.StartsWith("08", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03")
        || connectionClosed && (Find<DbException>(error) is not null || error is InvalidOperationException or ObjectDisposedException);

    private static VppException Keep(string? sqlState, VppException error)
    {
        if (sqlState is not null) error.Data[SqlStateKey] = sqlState;
        return error;
    }

    /// <summary>The first exception of type <typeparamref name="T"/> in <paramref name="error"/> and its inner exceptions.</summary>
    private static T? Find<T>(Exception? error)
        where T : Exception
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is T found) return found;
            if (error is AggregateException { InnerExceptions.Count: > 0 } all) return Find<T>(all.InnerExceptions[0]);
        }

        return null;
    }
}
