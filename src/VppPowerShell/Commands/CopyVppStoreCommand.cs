using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading.Tasks;
using VppPowerShell.Core;
using VppPowerShell.Core.Store;
using VppPowerShell.Session;

namespace VppPowerShell.Commands;

/// <summary>Copies an SQLite store into an empty shared PostgreSQL store.</summary>
/// <remarks>
/// Moves a store from one machine's SQLite file to a PostgreSQL database that runbooks on many workers
/// can share. Every table is copied as it is: tokens (decrypted with this machine's protection and
/// encrypted again under the shared store's key), Apple's assets, assignments and users as last synced,
/// desired assignments, groups and their members, devices, and jobs with their targets and batches. The
/// shared store keeps the SQLite store's identity, so Apple sees the same management system and no token
/// has to be claimed again. The copy is one transaction, committed only when every table holds as many
/// rows as the source; the SQLite store cannot change while it is copied, and is left as it was. A
/// shared store that already holds tokens, groups, devices, desired assignments or jobs is refused
/// (StoreNotEmpty) and nothing is written. The key comes from -KeyPath or -Key, else from Use-VppStore
/// when it named the same store, else from VPP_STORE_KEY; with an empty store, that key becomes its key.
/// </remarks>
/// <example>
/// <code>Copy-VppStore -Path ./vpp.db -ConnectionString $env:VPP_STORE_CONNECTION -KeyPath ./vpp-store.key -PassThru</code>
/// <para>Copies the store vpp.db into the empty shared store that VPP_STORE_CONNECTION names, under the key in vpp-store.key, and shows how many rows each table got.</para>
/// </example>
/// <example>
/// <code>Copy-VppStore -Path ./vpp.db -ConnectionString $env:VPP_STORE_CONNECTION -KeyPath ./vpp-store.key
/// Use-VppStore -ConnectionString $env:VPP_STORE_CONNECTION -KeyPath ./vpp-store.key
/// Get-VppToken</code>
/// <para>Moves to the shared store: copies vpp.db into it, uses it for the session, and lists its tokens, the same as before.</para>
/// </example>
[Cmdlet(VerbsCommon.Copy, "VppStore", DefaultParameterSetName = KeyPathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = ModuleLinks.Docs + "Copy-VppStore.md")]
[OutputType(typeof(StoreCopySummary))]
public sealed class CopyVppStoreCommand : VppCmdlet
{
    private const string KeyPathSet = "KeyPath";
    private const string KeySet = "Key";

    /// <summary>The SQLite store file to copy. It must exist; it is not changed.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>The empty shared PostgreSQL store to copy into, for example 'Host=db.contoso.com;Database=vpp;Username=vpp'. Its database must exist.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string? ConnectionString { get; set; }

    /// <summary>The database user and password for -ConnectionString. Its password replaces any in the string.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>A file holding the shared store's key (at least 32 characters), which encrypts the copied tokens.</summary>
    [Parameter(ParameterSetName = KeyPathSet)]
    [ValidateNotNullOrEmpty]
    public string? KeyPath { get; set; }

    /// <summary>The shared store's key (at least 32 characters), as a SecureString.</summary>
    [Parameter(Mandatory = true, ParameterSetName = KeySet)]
    public SecureString? Key { get; set; }

    /// <summary>Write what was copied (rows per table) to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        var source = StoreLocation.Resolve(ResolvePath(Path!), null);
        if (!File.Exists(source.Path))
        {
            throw new VppException(VppErrorIds.StoreNotFound, VppErrorCategory.ObjectNotFound,
                $"There is no store at {source.Path}: nothing was copied.", source.Path, "Give the path of the SQLite store file to copy (Get-VppStore shows the one in use).");
        }

        var target = Target();
        if (!ShouldChange(target.Path, $"Copy the store {source.Path} (tokens, Apple's data, desired assignments, groups, devices and jobs) into this empty shared store"))
        {
            return;
        }

        WriteNote($"Copying the store {source.Path} into {target.Path}.");
        var tables = RunWork((progress, cancellation) => Task.FromResult(StoreCopy.Run(source, target, progress, cancellation)));
        WriteNote($"Copied {string.Join(", ", tables.Select(t => $"{t.Value} {t.Key}"))}. Use-VppStore -ConnectionString makes it the session's store.");
        if (PassThru.IsPresent) WriteOutput(new StoreCopySummary(source.Path, target.Path, tables));
    }

    /// <summary>The shared store; the session's own, with its password and key, when Use-VppStore named it and neither is given here.</summary>
    private StoreLocation Target()
    {
        var given = StoreLocation.ForConnection(ConnectionString!, StoreLocationSource.Parameter, Credential?.GetNetworkCredential(), null);
        var key = StoreKeyInput.From(KeyPath is null ? null : ResolvePath(KeyPath), Key, nameof(Key));
        var session = SessionStore.Connection;
        var location = Credential is null && session is not null && session.Path == given.Path ? session : given;
        return location.WithKey(key);
    }
}
