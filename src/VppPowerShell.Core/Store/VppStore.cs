using System;
using System.Data.Common;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using VppPowerShell.Core.Security;

namespace VppPowerShell.Core.Store;

/// <summary>
/// An open store, migrated forward on open: an SQLite file (WAL, busy timeout, foreign keys,
/// created owner-only) or a PostgreSQL database shared by many hosts. A store from a newer schema
/// is refused, never altered.
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

    private VppStore(StoreLocation location, DbConnection connection, StoreDialect dialect, int schemaVersion, ITokenProtector protector)
    {
        Location = location;
        Connection = connection;
        Dialect = dialect;
        SchemaVersion = schemaVersion;
        Protector = protector;
    }

    public StoreLocation Location { get; }

    public string Path => Location.Path;

    public StoreEngine Engine => Dialect.Engine;

    public int SchemaVersion { get; }

    internal DbConnection Connection { get; }

    internal StoreDialect Dialect { get; }

    /// <summary>A token's request slots shared through this store, or null for a store file.</summary>
    internal ISharedSlots? SharedSlots(string gateKey) => Dialect.SharedSlots(Location, gateKey);

    internal ITokenProtector Protector { get; private set; }

    public static VppStore Open(StoreLocation location) =>
        location.Engine == StoreEngine.PostgreSql ? OpenPostgres(location) : OpenSqlite(location);

    private static VppStore OpenSqlite(StoreLocation location)
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
            RefuseNewer(SqliteDialect.ReadVersion(connection, null), path);
            Execute(connection, "PRAGMA journal_mode = WAL;");
            Execute(connection, "PRAGMA synchronous = NORMAL;");
            SqliteDialect.Migrate(connection, SqliteDialect.ReadVersion(connection, null), Seed);
            var store = new VppStore(location, connection, SqliteDialect.Instance, StoreMigrations.LatestVersion, TokenProtection.ForStore(path));
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

    private const string KeyCheckName = "key_check";

    /// <summary>
    /// Opens a shared store. The key is required before anything is read or written, and must be
    /// the one the store's tokens were encrypted with; a wrong or missing key changes nothing.
    /// </summary>
    private static VppStore OpenPostgres(StoreLocation location)
    {
        var shown = location.Path;
        var key = location.Key ?? StoreKey.FromEnvironment();
        if (key is null)
        {
            throw new VppException(VppErrorIds.StoreKeyMissing, VppErrorCategory.SecurityError,
                $"The shared store {shown} encrypts its tokens with a key you supply, and none was given. Nothing was read or written.",
                target: shown,
                recommendedAction: $"Give the key with Use-VppStore -ConnectionString ... -KeyPath <file> (or -Key <SecureString>), or set the {StoreKey.EnvironmentVariable} environment variable from your vault.");
        }

        NpgsqlConnection connection;
        try
        {
            connection = PostgresDialect.Connect(location.ConnectionString!);
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            throw Unreachable(e, shown);
        }

        try
        {
            var version = PostgresDialect.ReadVersion(connection, null);
            RefuseNewer(version, shown);
            if (version < StoreMigrations.LatestVersion) PostgresDialect.Migrate(connection, Seed);
            var storeId = StoreId(connection, null);
            var store = new VppStore(location, connection, PostgresDialect.Instance, StoreMigrations.LatestVersion,
                new SuppliedKeyTokenProtector(key, storeId));
            store.CheckKey(key, storeId);
            return store;
        }
        catch (NpgsqlException e)
        {
            connection.Dispose();
            throw Unreachable(e, shown);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The first key a shared store sees becomes its key; any other is refused before use.</summary>
    private void CheckKey(StoreKey key, string storeId)
    {
        var check = key.CheckFor(storeId);
        var stored = ReadInfo(Connection, null, KeyCheckName);
        if (stored is null)
        {
            using var transaction = BeginWrite();
            stored = ReadInfo(Connection, transaction, KeyCheckName);
            if (stored is null) WriteInfo(Connection, transaction, KeyCheckName, check);
            transaction.Commit();
            stored ??= check;
        }

        if (stored != check)
        {
            throw new VppException(VppErrorIds.StoreKeyWrong, VppErrorCategory.SecurityError,
                $"The store key from {key.Source} is not the key of the shared store {Path}. Nothing was read or written.",
                target: Path,
                recommendedAction: $"Give the key this store was set up with (from your vault), by Use-VppStore -KeyPath/-Key or {StoreKey.EnvironmentVariable}. After a rotation (Set-VppStoreKey) only the new key works.");
        }
    }

    internal static string StoreId(DbConnection connection, DbTransaction? transaction) =>
        ReadInfo(connection, transaction, "store_id") ?? throw new InvalidOperationException("The store has no id.");

    private static string? ReadInfo(DbConnection connection, DbTransaction? transaction, string key)
    {
        using var command = connection.CreateCommand(transaction, "SELECT value FROM store_info WHERE key = @key;");
        command.AddParameter("@key", key);
        return command.ExecuteScalar() as string;
    }

    private static void WriteInfo(DbConnection connection, DbTransaction transaction, string key, string value)
    {
        using var command = connection.CreateCommand(transaction,
            "INSERT INTO store_info (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value;");
        command.AddParameter("@key", key);
        command.AddParameter("@value", value);
        command.ExecuteNonQuery();
    }

    private static VppException Unreachable(Exception e, string shown)
    {
        var sqlState = (e as PostgresException)?.SqlState;
        var hint = sqlState switch
        {
            "28P01" or "28000" => "Check the user name and password (Use-VppStore -Credential).",
            "3D000" => "Create the database first (CREATE DATABASE), or name an existing one in Database=.",
            "42501" => "Grant the store's user the rights README lists (CREATE on the database's schema, and on its tables).",
            _ => "Check the server name, port and firewall, and that the server accepts this host.",
        };
        return new VppException(VppErrorIds.StoreUnreachable, VppErrorCategory.ConnectionError,
            $"The shared store {shown} cannot be used: {e.Message}", target: shown, recommendedAction: hint, innerException: e);
    }

    /// <summary>
    /// A connection for quick reads such as argument completion: it never creates, migrates or writes
    /// the store, and needs no key (it reads no secret). Null when there is no store there, it cannot
    /// be reached at once, or it was written by a newer schema than this version reads.
    /// </summary>
    internal static DbConnection? TryOpenReadOnly(StoreLocation location)
    {
        if (location.Engine == StoreEngine.Sqlite) return TryOpenReadOnly(location.Path);
        NpgsqlConnection? connection = null;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(location.ConnectionString) { Timeout = 3, CommandTimeout = 3 };
            connection = PostgresDialect.Connect(builder.ConnectionString);
            var version = PostgresDialect.ReadVersion(connection, null);
            if (version >= 1 && version <= StoreMigrations.LatestVersion) return connection;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or ArgumentException)
        {
            // Unreachable, or not a store: nothing to read.
        }

        connection?.Dispose();
        return null;
    }

    private static DbConnection? TryOpenReadOnly(string path)
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
            var version = SqliteDialect.ReadVersion(connection, null);
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
        using var command = Connection.CreateCommand(null, "SELECT COUNT(*) FROM tokens;");
        var tokenCount = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        return new StoreInfo(Path, Location.Source, SchemaVersion, tokenCount, Protector.Description, Engine,
            Connection is NpgsqlConnection shared ? shared.Host : null, Connection is NpgsqlConnection ? Connection.Database : null);
    }

    public void Dispose()
    {
        Dialect.Optimize(Connection);
        Connection.Dispose();
    }

    /// <summary>
    /// Another connection to this store, for a short statement beside a long transaction on
    /// <see cref="Connection"/> (a lease's renewal). The caller disposes it.
    /// </summary>
    internal DbConnection OpenAnother()
    {
        if (Connection is NpgsqlConnection) return PostgresDialect.Connect(Location.ConnectionString!);
        var connection = new SqliteConnection(Connection.ConnectionString);
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Lets this connection's writes wait up to <paramref name="wait"/> for another connection's (SQLite has one
    /// writer at a time; PostgreSQL waits on the rows alone). Tokens synced side by side wait for each other's
    /// writes, and a token too big to hold in memory writes while it reads: its neighbours wait, and do not fail.
    /// </summary>
    internal void WaitForOtherWriters(TimeSpan wait)
    {
        if (Connection is not SqliteConnection sqlite) return;
        sqlite.DefaultTimeout = (int)wait.TotalSeconds;
        Execute(sqlite, $"PRAGMA busy_timeout = {(long)wait.TotalMilliseconds};");
    }

    /// <summary>A transaction that holds the store's write lock from the start (see <see cref="StoreDialect.BeginWrite"/>).</summary>
    internal DbTransaction BeginWrite() => Dialect.BeginWrite(Connection);

    /// <summary>A transaction for one token's synced rows, beside other tokens' (see <see cref="StoreDialect.BeginTokenWrite"/>).</summary>
    internal DbTransaction BeginTokenWrite(int tokenId) => Dialect.BeginTokenWrite(Connection, tokenId);

    /// <summary>Names an index for the query planner where the engine needs telling.</summary>
    internal string IndexHint(string index) => Dialect.IndexHint(index);

    /// <summary>Re-encrypts every token under a new key (the old one still decrypts), in one transaction.</summary>
    public void ChangeKey(StoreKey newKey)
    {
        using var transaction = BeginWrite();
        var storeId = StoreId(Connection, transaction);
        var next = new SuppliedKeyTokenProtector(newKey, storeId);
        var secrets = new System.Collections.Generic.List<(long Id, string Name, byte[] Secret)>();
        using (var read = Connection.CreateCommand(transaction, "SELECT token_id, name, secret FROM tokens;"))
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read()) secrets.Add((reader.GetInt64(0), reader.GetString(1), (byte[])reader.GetValue(2)));
        }

        using var update = Connection.CreateCommand(transaction, "UPDATE tokens SET secret = @secret WHERE token_id = @id;");
        var secretParameter = update.AddParameter("@secret");
        var idParameter = update.AddParameter("@id");
        foreach (var (id, name, secret) in secrets)
        {
            secretParameter.Value = next.Protect(TokenProtection.Reveal(Protector, secret, name));
            idParameter.Value = id;
            update.ExecuteNonQuery();
        }

        WriteInfo(Connection, transaction, KeyCheckName, newKey.CheckFor(storeId));
        transaction.Commit();
        Protector = next;
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

    private static void RefuseNewer(int version, string shown)
    {
        if (version <= StoreMigrations.LatestVersion) return;
        throw new VppException(VppErrorIds.StoreSchemaTooNew, VppErrorCategory.InvalidData,
            $"The store {shown} was written by a newer VppPowerShell (schema {version}; this version reads up to {StoreMigrations.LatestVersion}). It was not changed.",
            target: shown,
            recommendedAction: "Update the VppPowerShell module (Update-PSResource VppPowerShell), or use another store.");
    }

    /// <summary>A new store's identity, written with its first schema step.</summary>
    private static void Seed(DbConnection connection, DbTransaction transaction)
    {
        using var command = connection.CreateCommand(transaction, "INSERT INTO store_info (key, value) VALUES ('store_id', @id), ('created_on', @now);");
        command.AddParameter("@id", Guid.NewGuid().ToString());
        command.AddParameter("@now", FormatDate(DateTimeOffset.UtcNow));
        command.ExecuteNonQuery();
    }

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand(null, sql);
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
