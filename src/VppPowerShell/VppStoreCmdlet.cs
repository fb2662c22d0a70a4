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
    private readonly HashSet<int> warnedTokens = new();
    private VppStore? store;
    private StoreLocation? acceptedLocation;
    private TokenCatalog? tokens;

    /// <summary>
    /// The store file to use. Defaults to the path set by Use-VppStore, then the VPP_STORE_PATH
    /// environment variable, then VppPowerShell/vpp.db in the per-user data folder. Objects this
    /// module writes carry the StorePath they came from, so piped objects act on their own store.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? StorePath { get; set; }

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
    /// Every object written from a store carries that store's path (a StorePath note property), and
    /// the next command in the pipeline binds it by property name: objects act on their own store.
    /// </summary>
    protected override void WriteOutput(object? value)
    {
        if (value is null || store is null || value.GetType().Namespace?.StartsWith(nameof(VppPowerShell), System.StringComparison.Ordinal) != true)
        {
            base.WriteOutput(value);
            return;
        }

        var wrapped = PSObject.AsPSObject(value);
        if (wrapped.Properties[StorePathProperty] is null) wrapped.Properties.Add(new PSNoteProperty(StorePathProperty, store.Path));
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
        var pipedPath = StorePath is not null && !IsGivenOnCommandLine(nameof(StorePath));
        var wanted = ChosenLocation();
        var current = store?.Path ?? acceptedLocation?.Path;
        if (current is not null && !SamePath(current, wanted.Path))
        {
            WriteTargetError(new VppException(VppErrorIds.StoreMismatch, VppErrorCategory.InvalidArgument,
                $"This input belongs to the store '{wanted.Path}', and this command is working on '{current}': it was skipped.", wanted.Path,
                "Pipe objects of one store at a time, or name the store with -StorePath."));
            return false;
        }

        if (current is null && pipedPath && !File.Exists(wanted.Path))
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

    /// <summary>Where this command's store is, and why: -StorePath, Use-VppStore, VPP_STORE_PATH or the per-user folder.</summary>
    protected StoreLocation ChosenLocation() =>
        StoreLocation.Resolve(StorePath is null ? null : ResolvePath(StorePath), SessionStore.DefaultPath);

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b),
            Path.DirectorySeparatorChar == '\\' ? System.StringComparison.OrdinalIgnoreCase : System.StringComparison.Ordinal);

    private VppStore OpenStore()
    {
        var location = acceptedLocation ?? ChosenLocation();
        var folderMissing = !Directory.Exists(Path.GetDirectoryName(location.Path)) && !location.CreatesFolder;
        if (!CreatesStore && !File.Exists(location.Path) && !folderMissing)
        {
            throw new VppException(VppErrorIds.StoreNotFound, VppErrorCategory.ObjectNotFound,
                $"There is no store at {location.Path} (chosen by {location.Source}): nothing was read, and no store was created.", location.Path,
                "Check the path. Add-VppToken creates the store when it adds the first token.");
        }

        WriteNote($"Using store {location.Path} (chosen by {location.Source}).");
        return VppStore.Open(location);
    }
}
