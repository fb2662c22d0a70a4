using System;
using System.Collections.Concurrent;
using System.Linq;
using VppPowerShell.Core;
using VppPowerShell.Core.Security;
using VppPowerShell.Core.Store;

namespace VppPowerShell.Session;

/// <summary>
/// The store set by Use-VppStore: an SQLite file, or a PostgreSQL database with its credential and
/// key. It lasts as long as the module is loaded in this process (every runspace of the process
/// shares it); setting one kind forgets the other.
/// </summary>
internal static class SessionStore
{
    private static readonly ConcurrentDictionary<string, StoreLocation> Opened = new();
    private static string? defaultPath;

    /// <summary>The SQLite store file set by Use-VppStore -Path.</summary>
    public static string? DefaultPath
    {
        get => defaultPath;
        set
        {
            defaultPath = value;
            if (value is null) return;
            Connection = null;
            Key = null;
        }
    }

    /// <summary>The PostgreSQL store set by Use-VppStore -ConnectionString: its password and key included, never shown.</summary>
    public static StoreLocation? Connection { get; private set; }

    /// <summary>The key given to Use-VppStore -KeyPath/-Key; null when the key comes from VPP_STORE_KEY.</summary>
    public static StoreKey? Key { get; private set; }

    public static void UseConnection(StoreLocation location, StoreKey? key)
    {
        defaultPath = null;
        Connection = location;
        Key = key;
    }

    /// <summary>After Set-VppStoreKey: the session's store is now opened with the new key.</summary>
    public static void ReplaceKey(StoreKey key)
    {
        if (Connection is null) return;
        Connection = Connection.WithKey(key);
        Key = key;
    }

    /// <summary>
    /// A shared store a command of this session opened, with its password and key, found by the
    /// connection string objects carry (without the password), so piped objects reach their store.
    /// </summary>
    public static StoreLocation? Remembered(string shownConnectionString) =>
        Opened.TryGetValue(shownConnectionString, out var location) ? location : null;

    public static void Remember(StoreLocation location)
    {
        if (location.IsShared) Opened[location.Path] = location;
    }

    /// <summary>
    /// A shared store named by its connection string. Piped objects carry it without the password: when it
    /// names a store this session opened, or the one Use-VppStore or VPP_STORE_CONNECTION set, that store's
    /// password and key are used (a password given in the string itself wins).
    /// </summary>
    public static StoreLocation SharedLocation(string connectionString)
    {
        var given = StoreLocation.ForConnection(connectionString, StoreLocationSource.Parameter, null, Key);
        var known = Remembered(given.Path)
            ?? new[] { Connection, EnvironmentConnection() }.FirstOrDefault(l => l is not null && string.Equals(l.Path, given.Path, StringComparison.Ordinal));
        if (known is null) return given;
        return given.HasPassword ? given : known;
    }

    private static StoreLocation? EnvironmentConnection()
    {
        var text = Environment.GetEnvironmentVariable(StoreLocation.ConnectionEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return StoreLocation.ForConnection(text!, StoreLocationSource.EnvironmentVariable, null, null);
        }
        catch (VppException)
        {
            // Not a valid connection string: it names no store a parameter could match.
            return null;
        }
    }

    public static void Forget()
    {
        defaultPath = null;
        Connection = null;
        Key = null;
    }
}
