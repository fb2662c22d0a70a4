using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Text;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell;

/// <summary>A cmdlet that works on a store: resolves and opens it once, warns about expiring tokens.</summary>
public abstract class VppStoreCmdlet : VppCmdlet
{
    private const string StorePathProperty = nameof(StorePath);
    private const string StoreConnectionStringProperty = nameof(StoreConnectionString);
    private readonly HashSet<int> warnedTokens = new();
    private VppStore? store;
    private StoreLocation? acceptedLocation;
    private TokenCatalog? tokens;

    /// <summary>
    /// The SQLite store file to use. Without it (or -StoreConnectionString) the store is the one set by
    /// Use-VppStore, then the PostgreSQL store named by the VPP_STORE_CONNECTION environment variable, then
    /// the file named by VPP_STORE_PATH, then VppPowerShell/vpp.db in the per-user data folder. Objects this
    /// module writes carry the StorePath they came from, so piped objects act on their own store.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? StorePath { get; set; }

    /// <summary>
    /// The shared PostgreSQL store to use, for example 'Host=db.contoso.com;Database=vpp;Username=vpp'. Its
    /// key comes from Use-VppStore, else the VPP_STORE_KEY environment variable; a password from the
    /// PGPASSWORD environment variable or a pgpass file. Objects written from a shared store carry this
    /// StoreConnectionString (without any password), so piped objects act on their own store. Not with -StorePath.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? StoreConnectionString { get; set; }

    /// <summary>
    /// True for commands that add something (a token, a group, a device) and so may create the store;
    /// every other command refuses a store that does not exist, so a mistyped path creates nothing.
    /// </summary>
    protected virtual bool CreatesStore => false;

    /// <summary>The open store, opened on first use.</summary>
    protected VppStore Store => store ??= OpenStore();

    protected TokenCatalog Tokens => tokens ??= new TokenCatalog(Store, ModuleSettings.Clock);

    /// <summary>every cmdlet that uses a token warns, once per command, when it expires within 30 days.</summary>
    protected void WarnIfExpiring(VppToken token)
    {
        var warning = TokenExpiry.WarningFor(token);
        if (warning is not null && warnedTokens.Add(token.TokenId)) WriteCaution(warning);
    }

    /// <summary>The token named by -TokenId or -Name.</summary>
    protected VppToken ResolveToken(int? tokenId, string? name)
    {
        var token = tokenId is { } id ? Tokens.Get(id) : Tokens.Get(name ?? string.Empty);
        WarnIfExpiring(token);
        return token;
    }

    /// <summary>
    /// Tokens by id, or by name with wildcards; all tokens when neither is given. An id or an exact
    /// name that matches nothing is a non-terminating TokenNotFound error, as Get-Process does.
    /// </summary>
    protected IReadOnlyList<VppToken> SelectTokens(IReadOnlyCollection<int>? tokenIds, IReadOnlyCollection<string>? names)
    {
        var result = new List<VppToken>();
        if (tokenIds is not null)
        {
            foreach (var id in tokenIds)
            {
                try
                {
                    result.Add(Tokens.Get(id));
                }
                catch (VppException error) when (error.ErrorId == VppErrorIds.TokenNotFound)
                {
                    WriteTargetError(error);
                }
            }

            return result;
        }

        var all = Tokens.Find();
        if (names is null) return all;
        foreach (var name in names)
        {
            var pattern = new Wildcard(name);
            var matches = all.Where(t => pattern.IsMatch(t.Name)).ToList();
            if (matches.Count == 0 && !Wildcard.ContainsWildcard(name))
            {
                WriteTargetError(new VppException(VppErrorIds.TokenNotFound, VppErrorCategory.ObjectNotFound,
                    $"No token named '{name}' is in the store.", target: name,
                    recommendedAction: "List the tokens with Get-VppToken."));
            }

            result.AddRange(matches.Where(m => result.All(r => r.TokenId != m.TokenId)));
        }

        return result;
    }

    /// <summary>
    /// Every object written from a store carries that store: a StorePath note property (an SQLite file) or a
    /// StoreConnectionString one (a PostgreSQL store, without its password), and the next command in the
    /// pipeline binds it by property name: objects act on their own store.
    /// </summary>
    protected override void WriteOutput(object? value)
    {
        if (value is null || store is null || value.GetType().Namespace?.StartsWith(nameof(VppPowerShell), StringComparison.Ordinal) != true)
        {
            base.WriteOutput(value);
            return;
        }

        var wrapped = PSObject.AsPSObject(value);
        var property = store.Engine == StoreEngine.PostgreSql ? StoreConnectionStringProperty : StorePathProperty;
        if (wrapped.Properties[property] is null) wrapped.Properties.Add(new PSNoteProperty(property, store.Path));
        base.WriteOutput(wrapped);
    }

    /// <summary>
    /// A piped record is refused when it belongs to another store than the records before it (or
    /// the store this command has open), or names a store file that does not exist: it is never
    /// applied to the wrong store. Commands that collect records and act at the end act on the
    /// store of the records they accepted.
    /// </summary>
    protected override bool Accept()
    {
        var piped = (StorePath is not null && !IsGivenOnCommandLine(nameof(StorePath)))
            || (StoreConnectionString is not null && !IsGivenOnCommandLine(nameof(StoreConnectionString)));
        var wanted = ChosenLocation();
        var current = store?.Location ?? acceptedLocation;
        if (current is not null && !SameStore(current, wanted))
        {
            WriteTargetError(new VppException(VppErrorIds.StoreMismatch, VppErrorCategory.InvalidArgument,
                $"This input belongs to the store '{wanted.Path}', and this command is working on '{current.Path}': it was skipped.", wanted.Path,
                "Pipe objects of one store at a time, or name the store with -StorePath or -StoreConnectionString."));
            return false;
        }

        if (current is null && piped && wanted.Engine == StoreEngine.Sqlite && !File.Exists(wanted.Path))
        {
            WriteTargetError(new VppException(VppErrorIds.StoreNotFound, VppErrorCategory.ObjectNotFound,
                $"The input names the store '{wanted}', which does not exist here: it was skipped.", wanted,
                "Name the store to use with -StorePath (the TokenId column then names that store's token), or remove the StorePath and TokenId columns from the file."));
            return false;
        }

        acceptedLocation ??= wanted;
        return true;
    }

    protected override void Release()
    {
        store?.Dispose();
        store = null;
    }

    /// <summary>
    /// Where this command's store is, and why: -StorePath or -StoreConnectionString, then Use-VppStore, then
    /// VPP_STORE_CONNECTION, then VPP_STORE_PATH, then the per-user folder.
    /// </summary>
    protected StoreLocation ChosenLocation()
    {
        if (StoreConnectionString is { } connection)
        {
            // A shared store's StoreInfo carries its connection string as StorePath too: that is one store, not two.
            if (StorePath is not null && !string.Equals(StorePath, connection, StringComparison.Ordinal))
            {
                throw new VppException(VppErrorIds.StoreChoiceConflict, VppErrorCategory.InvalidArgument,
                    $"Both -StorePath ({StorePath}) and -StoreConnectionString were given: a command works on one store.", StorePath,
                    "Give -StorePath for an SQLite store file or -StoreConnectionString for a PostgreSQL store, not both (piped objects carry one of them).");
            }

            return SessionStore.SharedLocation(connection);
        }

        if (StorePath is not null) return StoreLocation.Resolve(ResolvePath(StorePath), null);
        return SessionStore.Connection ?? StoreLocation.Resolve(null, SessionStore.DefaultPath);
    }

    private static bool SameStore(StoreLocation a, StoreLocation b) =>
        a.Engine == b.Engine && (a.Engine == StoreEngine.PostgreSql ? string.Equals(a.Path, b.Path, StringComparison.Ordinal) : SamePath(a.Path, b.Path));

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b),
            Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private VppStore OpenStore()
    {
        var location = acceptedLocation ?? ChosenLocation();
        if (location.Engine == StoreEngine.Sqlite)
        {
            var folderMissing = !Directory.Exists(Path.GetDirectoryName(location.Path)) && !location.CreatesFolder;
            if (!CreatesStore && !File.Exists(location.Path) && !folderMissing)
            {
                throw new VppException(VppErrorIds.StoreNotFound, VppErrorCategory.ObjectNotFound,
                    $"There is no store at {location.Path} (chosen by {location.Source}): nothing was read, and no store was created.", location.Path,
                    "Check the path. Add-VppToken creates the store when it adds the first token.");
            }
        }

        // A shared store's Path is its connection string without the password.
        WriteNote($"Using store {location.Path} (chosen by {location.Source}).");
        var opened = VppStore.Open(location);
        SessionStore.Remember(location);
        return opened;
    }
}
