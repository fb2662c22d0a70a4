using System;
using System.Globalization;
using System.IO;
using Microsoft.Data.Sqlite;
using VppPowerShell.Core.Security;

namespace VppPowerShell.Core.Store;

/// <summary>
/// An open store: one SQLite file (WAL, busy timeout, foreign keys), migrated forward on
/// open, created owner-only. A file from a newer schema is refused, never altered.
/// </summary>
public sealed class VppStore : IDisposable
{
    private const int BusyTimeoutMilliseconds = 30_000;
    private const int SqliteNotADatabase = 26;

    static VppStore()
    {
        // Native SQLite (e_sqlite3) is found by whoever hosts the engine: an application by its
        // deps.json; the module on PowerShell 7.4+ by its private load context (runtimes/<rid>/native
        // in its dependencies folder); Windows PowerShell by the PATH entry the module's psm1 adds.
        SQLitePCL.Batteries_V2.Init();
    }

    private VppStore(StoreLocation location, SqliteConnection connection, int schemaVersion)
    {
        Location = location;
        Connection = connection;
        SchemaVersion = schemaVersion;
        Protector = TokenProtection.ForStore(location.Path);
    }

    public StoreLocation Location { get; }

    public string Path => Location.Path;

    public int SchemaVersion { get; }

    internal SqliteConnection Connection { get; }

    internal ITokenProtector Protector { get; }

    public static VppStore Open(StoreLocation location)
    {
        var path = location.Path;
        var folder = System.IO.Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            if (!location.CreatesFolder)
            {
                throw new VppException(VppErrorIds.StoreFolderNotFound, VppErrorCategory.ObjectNotFound,
                    $"The folder of the store path {path} does not exist.", target: path,
                    recommendedAction: "Create the folder first, or choose a store path in an existing folder.");
            }

            OwnerOnlyFile.CreateDirectory(folder);
        }

        if (Directory.Exists(path))
        {
            throw new VppException(VppErrorIds.StoreNotSqlite, VppErrorCategory.InvalidArgument,
                $"The store path {path} is a folder, not a file.", target: path,
                recommendedAction: $"Give a file path, for example {System.IO.Path.Combine(path, StoreLocation.FileName)}.");
        }

        CreateOwnerOnly(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            ForeignKeys = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString());

        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};");
            var version = ReadVersion(connection, path);
            if (version > StoreMigrations.LatestVersion)
            {
                throw new VppException(VppErrorIds.StoreSchemaTooNew, VppErrorCategory.InvalidData,
                    $"The store {path} was written by a newer VppPowerShell (schema {version}; this version reads up to {StoreMigrations.LatestVersion}). It was not changed.",
                    target: path,
                    recommendedAction: "Update the VppPowerShell module (Update-PSResource VppPowerShell), or use another store path.");
            }

            Execute(connection, "PRAGMA journal_mode = WAL;");
            Execute(connection, "PRAGMA synchronous = NORMAL;");
            Migrate(connection, version);
            var store = new VppStore(location, connection, StoreMigrations.LatestVersion);
            store.EnsureKey();
            return store;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw Translate(e, path);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A read-only connection to an existing store, for quick reads such as argument completion: it
    /// never creates, migrates or writes the file. Null when no file is there, or when the file was
    /// written by a newer schema than this version reads.
    /// </summary>
    internal static SqliteConnection? TryOpenReadOnly(string path)
    {
        if (!File.Exists(path)) return null;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 1,
        }.ToString());
        try
        {
            connection.Open();
            var version = ReadVersion(connection, path);
            if (version >= 1 && version <= StoreMigrations.LatestVersion) return connection;
        }
        catch (SqliteException)
        {
            // Not a store, or unreadable: nothing to read.
        }

        connection.Dispose();
        return null;
    }

    /// <summary>
    /// Creates the key that encrypts tokens (Linux, macOS) under the store's write lock, so
    /// processes opening a new store at once agree on one key. A store that already holds tokens
    /// never gets a new key silently: a lost key must show as an error, not as a fresh key.
    /// </summary>
    private void EnsureKey()
    {
        if (Protector is not KeyFileTokenProtector keyFile) return;
        using var transaction = BeginWrite();
        using var command = Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM tokens;";
        if (Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0) keyFile.CreateKeyIfMissing();
        transaction.Commit();
    }

    public StoreInfo Describe()
    {
        using var command = Connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM tokens;";
        var tokenCount = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        return new StoreInfo(Path, Location.Source, SchemaVersion, tokenCount, Protector.Description);
    }

    public void Dispose()
    {
        try
        {
            // Keeps the query planner's statistics current after large syncs; bounded, so it stays fast.
            Execute(Connection, "PRAGMA analysis_limit = 400; PRAGMA optimize;");
        }
        catch (SqliteException)
        {
            // A store that cannot be written (read-only, locked) is still closed.
        }

        Connection.Dispose();
    }

    internal SqliteTransaction BeginWrite()
    {
        // BEGIN IMMEDIATE takes the write lock up front, so read-then-write checks (limits,
        // duplicates) hold against other processes writing the same store.
        return Connection.BeginTransaction(deferred: false);
    }

    internal static string FormatDate(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    internal static DateTimeOffset ParseDate(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static void CreateOwnerOnly(string path)
    {
        try
        {
            OwnerOnlyFile.TryCreate(path);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new VppException(VppErrorIds.StoreFolderNotWritable, VppErrorCategory.PermissionDenied,
                $"The store {path} cannot be created: {e.Message}", target: path,
                recommendedAction: "Choose a store path in a folder this account can write to.", innerException: e);
        }
    }

    private static int ReadVersion(SqliteConnection connection, string path)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Migrate(SqliteConnection connection, int fromVersion)
    {
        for (var version = fromVersion; version < StoreMigrations.LatestVersion; version++)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var check = connection.CreateCommand();
            check.Transaction = transaction;
            check.CommandText = "PRAGMA user_version;";
            var current = Convert.ToInt32(check.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (current > version)
            {
                // Another process migrated while we waited for the lock.
                transaction.Commit();
                version = current - 1;
                continue;
            }

            using var step = connection.CreateCommand();
            step.Transaction = transaction;
            step.CommandText = StoreMigrations.Steps[version] + $"\nPRAGMA user_version = {version + 1};";
            step.ExecuteNonQuery();
            if (version == 0)
            {
                step.CommandText = "INSERT INTO store_info (key, value) VALUES ('store_id', $id), ('created_on', $now);";
                step.Parameters.AddWithValue("$id", Guid.NewGuid().ToString());
                step.Parameters.AddWithValue("$now", FormatDate(DateTimeOffset.UtcNow));
                step.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static VppException Translate(SqliteException e, string path)
    {
        if (e.SqliteErrorCode == SqliteNotADatabase)
        {
            return new VppException(VppErrorIds.StoreNotSqlite, VppErrorCategory.InvalidData,
                $"The store path {path} is a file that is not a VppPowerShell store (not an SQLite database). It was not changed.",
                target: path, recommendedAction: "Give the path of a store file, or a new file name to create one.", innerException: e);
        }

        return new VppException(VppErrorIds.StoreFolderNotWritable, VppErrorCategory.OpenError,
            $"The store {path} cannot be opened: {e.Message}", target: path,
            recommendedAction: "Check that this account can read and write the store file and its folder.", innerException: e);
    }
}
