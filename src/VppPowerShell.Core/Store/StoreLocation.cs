using System;
using System.IO;
using System.Net;
using Npgsql;
using VppPowerShell.Core.Security;

namespace VppPowerShell.Core.Store;

/// <summary>
/// Where the store is: an SQLite file or a PostgreSQL database. Chosen by <c>-StorePath</c> or
/// <c>-StoreConnectionString</c>, else the session default (<c>Use-VppStore</c>), else
/// <c>VPP_STORE_CONNECTION</c>, else <c>VPP_STORE_PATH</c>, else
/// <c>&lt;per-user data folder&gt;/VppPowerShell/vpp.db</c>.
/// </summary>
public sealed class StoreLocation
{
    public const string EnvironmentVariable = "VPP_STORE_PATH";
    public const string ConnectionEnvironmentVariable = "VPP_STORE_CONNECTION";
    public const string FileName = "vpp.db";
    public const string FolderName = "VppPowerShell";

    private StoreLocation(string path, StoreLocationSource source, StoreEngine engine = StoreEngine.Sqlite,
        string? connectionString = null, StoreKey? key = null)
    {
        Path = path;
        Source = source;
        Engine = engine;
        ConnectionString = connectionString;
        Key = key;
    }

    /// <summary>The SQLite file; for PostgreSQL, the connection string without its password.</summary>
    public string Path { get; }

    public StoreEngine Engine { get; }

    /// <summary>A PostgreSQL store that many machines share, rather than one machine's SQLite file.</summary>
    public bool IsShared => Engine == StoreEngine.PostgreSql;

    /// <summary>False for an SQLite file that does not exist here; a shared store is checked when it is opened.</summary>
    public bool ExistsHere => IsShared || File.Exists(Path);

    /// <summary>Whether two locations name one store: the same connection (without password), or the same file.</summary>
    public bool IsSame(StoreLocation other) =>
        Engine == other.Engine && (IsShared
            ? string.Equals(Path, other.Path, StringComparison.Ordinal)
            : string.Equals(System.IO.Path.GetFullPath(Path), System.IO.Path.GetFullPath(other.Path),
                System.IO.Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));

    /// <summary>The full PostgreSQL connection string, password included: never shown.</summary>
    internal string? ConnectionString { get; }

    /// <summary>Whether the PostgreSQL connection string carries a password of its own.</summary>
    public bool HasPassword => ConnectionString is not null && !string.IsNullOrEmpty(new NpgsqlConnectionStringBuilder(ConnectionString).Password);

    /// <summary>The key a shared store encrypts tokens with, when the caller supplied one.</summary>
    internal StoreKey? Key { get; }

    public StoreLocationSource Source { get; }

    /// <summary>The default store's folder is created when missing; a chosen path's folder must exist.</summary>
    public bool CreatesFolder => Engine == StoreEngine.Sqlite && Source == StoreLocationSource.UserDataFolder;

    public static StoreLocation Resolve(string? parameterPath, string? sessionDefault,
        Func<string, string?>? getEnvironment = null, Func<string>? userDataFolder = null)
    {
        getEnvironment ??= Environment.GetEnvironmentVariable;
        userDataFolder ??= () => Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData,
            Environment.SpecialFolderOption.DoNotVerify);

        if (!string.IsNullOrWhiteSpace(parameterPath)) return Full(parameterPath!, StoreLocationSource.Parameter);
        if (!string.IsNullOrWhiteSpace(sessionDefault)) return Full(sessionDefault!, StoreLocationSource.SessionDefault);
        var connection = getEnvironment(ConnectionEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(connection)) return ForConnection(connection!, StoreLocationSource.EnvironmentVariable, null, null);
        var fromEnvironment = getEnvironment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Full(fromEnvironment!, StoreLocationSource.EnvironmentVariable);

        var dataFolder = userDataFolder();
        if (string.IsNullOrWhiteSpace(dataFolder) || !System.IO.Path.IsPathRooted(dataFolder))
        {
            throw new VppException(VppErrorIds.StorePathUnresolved, VppErrorCategory.ResourceUnavailable,
                "No store path was given and this account has no per-user data folder (service accounts often have no profile).",
                recommendedAction: $"Pass -StorePath, run Use-VppStore -Path <file> once per session, or set the {EnvironmentVariable} environment variable.");
        }

        return Full(System.IO.Path.Combine(dataFolder, FolderName, FileName), StoreLocationSource.UserDataFolder);
    }

    public override string ToString() => Path;

    /// <summary>
    /// A PostgreSQL store. A password in <paramref name="credential"/> replaces any in the string;
    /// what is shown of the location never carries one.
    /// </summary>
    public static StoreLocation ForConnection(string connectionString, StoreLocationSource source, NetworkCredential? credential, StoreKey? key)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new VppException(VppErrorIds.StoreConnectionInvalid, VppErrorCategory.InvalidArgument,
                $"The store connection string is not valid: {e.Message}", target: "ConnectionString",
                recommendedAction: "Give a PostgreSQL connection string such as 'Host=db.contoso.com;Database=vpp;Username=vpp', and the password with -Credential.",
                innerException: e);
        }

        if (string.IsNullOrWhiteSpace(builder.Host) || string.IsNullOrWhiteSpace(builder.Database))
        {
            throw new VppException(VppErrorIds.StoreConnectionInvalid, VppErrorCategory.InvalidArgument,
                "The store connection string must name the server (Host=) and the database (Database=).", target: "ConnectionString",
                recommendedAction: "Give a PostgreSQL connection string such as 'Host=db.contoso.com;Database=vpp;Username=vpp'.");
        }

        if (credential is not null)
        {
            if (!string.IsNullOrEmpty(credential.UserName)) builder.Username = credential.UserName;
            builder.Password = credential.Password;
        }

        var full = builder.ConnectionString;
        builder.Remove("Password");
        return new StoreLocation(Shown(builder), source, StoreEngine.PostgreSql, full, key);
    }

    /// <summary>The same location, with the key a shared store's tokens are encrypted with.</summary>
    public StoreLocation WithKey(StoreKey? key) => new(Path, Source, Engine, ConnectionString, key ?? Key);

    private static string Shown(NpgsqlConnectionStringBuilder builder)
    {
        var shown = new NpgsqlConnectionStringBuilder { Host = builder.Host, Database = builder.Database };
        if (builder.Port != NpgsqlConnection.DefaultPort) shown.Port = builder.Port;
        if (!string.IsNullOrEmpty(builder.Username)) shown.Username = builder.Username;
        if (!string.IsNullOrEmpty(builder.SearchPath)) shown.SearchPath = builder.SearchPath;
        return shown.ConnectionString;
    }

    private static StoreLocation Full(string path, StoreLocationSource source)
    {
        string full;
        try
        {
            full = System.IO.Path.GetFullPath(Environment.ExpandEnvironmentVariables(path));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new VppException(VppErrorIds.StoreFolderNotFound, VppErrorCategory.InvalidArgument,
                $"The store path '{path}' is not a valid file path: {e.Message}", target: path,
                recommendedAction: "Give the path of a file in an existing folder, for example ./vpp.db.", innerException: e);
        }

        return new StoreLocation(full, source);
    }
}
