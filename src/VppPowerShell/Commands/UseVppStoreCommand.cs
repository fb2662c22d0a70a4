using System.Management.Automation;
using System.Security;
using VppPowerShell.Core.Store;
using VppPowerShell.Session;

namespace VppPowerShell.Commands;

/// <summary>Sets the store that VppPowerShell cmdlets use for the rest of the session.</summary>
/// <remarks>
/// Opens (or creates, owner-only) the store file and makes it the default for every cmdlet
/// that is not given -StorePath or -StoreConnectionString, until the module is unloaded. With
/// -ConnectionString it opens a shared PostgreSQL store instead (setting it up in an empty database,
/// and checking the key against the one its tokens are encrypted with), and keeps the credential and
/// the key for the session; nothing shows the password or the key. The default otherwise comes from the
/// VPP_STORE_CONNECTION environment variable (with the key in VPP_STORE_KEY), then VPP_STORE_PATH,
/// then the per-user data folder.
/// </remarks>
/// <example>
/// <code>Use-VppStore -Path ./contoso.db</code>
/// <para>Uses contoso.db in the current folder as the store for the rest of the session.</para>
/// </example>
/// <example>
/// <code>Use-VppStore -Reset</code>
/// <para>Forgets the session's store: cmdlets go back to VPP_STORE_CONNECTION, VPP_STORE_PATH, then the per-user store.</para>
/// </example>
/// <example>
/// <code>Use-VppStore -ConnectionString $env:VPP_STORE_CONNECTION -KeyPath ./vpp-store.key</code>
/// <para>In a runbook: uses the shared PostgreSQL store that VPP_STORE_CONNECTION names, with the store key kept in the file vpp-store.key, for the rest of the session.</para>
/// </example>
/// <example>
/// <code>Use-VppStore -ConnectionString $env:VPP_STORE_CONNECTION -Key (Read-Host -AsSecureString -Prompt 'Store key') -PassThru</code>
/// <para>At a prompt: uses the shared store with a key typed (unseen) at the prompt, and shows its engine, server and database. Add -Credential to give the database user's password.</para>
/// </example>
[Cmdlet(VerbsOther.Use, "VppStore", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = ModuleLinks.Docs + "Use-VppStore.md")]
[OutputType(typeof(StoreInfo))]
public sealed class UseVppStoreCommand : VppCmdlet
{
    private const string PathSet = "Path";
    private const string ConnectionSet = "ConnectionString";
    private const string ConnectionKeySet = "ConnectionStringKey";
    private const string ResetSet = "Reset";

    /// <summary>The store file. Created when missing; its folder must exist.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>
    /// A shared PostgreSQL store, for example 'Host=db.contoso.com;Database=vpp;Username=vpp'. The database
    /// must exist; the store's tables are created in it (or in the schema that Search Path names) when missing.
    /// Give the password with -Credential, PGPASSWORD or a pgpass file rather than in the string.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = ConnectionSet)]
    [Parameter(Mandatory = true, ParameterSetName = ConnectionKeySet)]
    [ValidateNotNullOrEmpty]
    public string? ConnectionString { get; set; }

    /// <summary>The database user and password for -ConnectionString. Its password replaces any in the string.</summary>
    [Parameter(ParameterSetName = ConnectionSet)]
    [Parameter(ParameterSetName = ConnectionKeySet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>
    /// A file holding the shared store's key (at least 32 characters), which encrypts its tokens. Without
    /// -KeyPath or -Key the key comes from the VPP_STORE_KEY environment variable.
    /// </summary>
    [Parameter(ParameterSetName = ConnectionSet)]
    [ValidateNotNullOrEmpty]
    public string? KeyPath { get; set; }

    /// <summary>The shared store's key (at least 32 characters), as a SecureString.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ConnectionKeySet)]
    public SecureString? Key { get; set; }

    /// <summary>Forget the session's store, so cmdlets choose as if Use-VppStore had not run.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ResetSet)]
    public SwitchParameter Reset { get; set; }

    /// <summary>Write the store's details to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        if (Reset.IsPresent)
        {
            ForgetSessionStore();
            return;
        }

        var location = ConnectionString is null
            ? StoreLocation.Resolve(ResolvePath(Path!), null)
            : StoreLocation.ForConnection(ConnectionString, StoreLocationSource.SessionDefault, Credential?.GetNetworkCredential(), null);
        if (!ShouldChange(location.Path, "Use as the default store for this session"))
        {
            return;
        }

        var key = StoreKeyInput.From(KeyPath is null ? null : ResolvePath(KeyPath), Key, nameof(Key));
        location = location.WithKey(key);
        using var store = VppStore.Open(location);
        if (location.IsShared) SessionStore.UseConnection(location, key);
        else SessionStore.DefaultPath = store.Path;
        WriteNote($"VppPowerShell cmdlets now use the store {store.Path}.");
        if (PassThru.IsPresent) WriteOutput(Described(store));
    }

    /// <summary>The store's details, carrying the store as every command's output does, so they pipe into the next command.</summary>
    private static PSObject Described(VppStore store)
    {
        var info = PSObject.AsPSObject(store.Describe());
        if (store.Location.IsShared) info.Properties.Add(VppStoreIdentity.Of(store.Location).CarriedProperty());
        return info;
    }

    private void ForgetSessionStore()
    {
        var current = SessionStore.Connection?.Path ?? SessionStore.DefaultPath;
        if (current is not null && ShouldChange(current, "Stop using as the default store for this session"))
        {
            SessionStore.Forget();
            WriteNote($"VppPowerShell cmdlets no longer use {current} by default.");
        }
    }
}
