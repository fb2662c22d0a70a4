using System;
using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Core.Store;
using VppPowerShell.Session;

namespace VppPowerShell;

/// <summary>
/// A store as a command names it (-StorePath, -StoreConnectionString) or as an object carries it: every
/// object written from a store carries a StorePath (an SQLite file) or a StoreConnectionString (a shared
/// PostgreSQL store, without its password) property, kept by Export-Csv, so that the next command acts
/// on the object's own store. What differs between the two engines in naming a store is here.
/// </summary>
public sealed class VppStoreIdentity
{
    public const string PathProperty = "StorePath";
    public const string ConnectionStringProperty = "StoreConnectionString";

    private VppStoreIdentity(StoreLocation location) => Location = location;

    /// <summary>Where the store is: its file, or its connection string (the password only in memory, never shown).</summary>
    public StoreLocation Location { get; }

    /// <summary>False for an SQLite file that does not exist here; a shared store is checked when it is opened.</summary>
    public bool ExistsHere => Location.ExistsHere;

    public static VppStoreIdentity Of(StoreLocation location) => new(location ?? throw new ArgumentNullException(nameof(location)));

    /// <summary>The store typed on the command line, or null. Both a file and a connection string is StoreChoiceConflict.</summary>
    internal static VppStoreIdentity? Typed(string? path, string? connectionString, Func<string, string> resolvePath)
    {
        if (connectionString is not null)
        {
            // A shared store's StoreInfo carries its connection string as StorePath too: that is one store, not two.
            if (path is not null && !string.Equals(path, connectionString, StringComparison.Ordinal))
            {
                throw new VppException(VppErrorIds.StoreChoiceConflict, VppErrorCategory.InvalidArgument,
                    $"Both -StorePath ({path}) and -StoreConnectionString were given: a command works on one store.", path,
                    "Give -StorePath for an SQLite store file or -StoreConnectionString for a PostgreSQL store, not both.");
            }

            return new VppStoreIdentity(SessionStore.SharedLocation(connectionString));
        }

        return path is null ? null : new VppStoreIdentity(StoreLocation.Resolve(resolvePath(path), null));
    }

    /// <summary>The store a piped object carries (a property or a CSV column), or null when it carries none.</summary>
    internal static VppStoreIdentity? CarriedBy(PipedObject input, Func<string, string> resolvePath)
    {
        if (input.Text(ConnectionStringProperty) is { } connection) return new VppStoreIdentity(SessionStore.SharedLocation(connection));
        return input.Text(PathProperty) is { } path ? new VppStoreIdentity(StoreLocation.Resolve(resolvePath(path), null)) : null;
    }

    /// <summary>The session's store: Use-VppStore, then VPP_STORE_CONNECTION, then VPP_STORE_PATH, then the per-user folder.</summary>
    internal static VppStoreIdentity SessionDefault() => new(SessionStore.Connection ?? StoreLocation.Resolve(null, SessionStore.DefaultPath));

    /// <summary>The property objects written from this store carry.</summary>
    internal PSNoteProperty CarriedProperty() =>
        new(Location.IsShared ? ConnectionStringProperty : PathProperty, Location.Path);

    public bool IsSame(VppStoreIdentity other) => Location.IsSame(other.Location);

    /// <summary>The file, or the connection string without its password.</summary>
    public override string ToString() => Location.Path;
}
