using System.Management.Automation;
using System.Security;
using VppPowerShell.Core;
using VppPowerShell.Core.Security;
using VppPowerShell.Core.Store;
using VppPowerShell.Session;

namespace VppPowerShell.Commands;

/// <summary>Changes the key that encrypts the tokens of a shared PostgreSQL store.</summary>
/// <remarks>
/// Decrypts every token of the shared store with its current key and encrypts it again under the new
/// one, in one transaction: either every token moves to the new key or none does. The current key comes
/// as for any command (Use-VppStore, else VPP_STORE_KEY). Afterwards only the new key opens the store:
/// when this session's store was set by Use-VppStore it goes on with the new key, but every other
/// session, worker and runbook needs the new key (update your vault and VPP_STORE_KEY). Neither key is
/// ever shown. An SQLite store has no store key (its tokens are protected by DPAPI on Windows, or by the
/// owner-only key file beside it elsewhere) and is refused with StoreKeyNotApplicable.
/// </remarks>
/// <example>
/// <code>Set-VppStoreKey -NewKeyPath ./vpp-store-2027.key</code>
/// <para>Re-encrypts every token of the session's shared store under the key in vpp-store-2027.key, after asking to confirm. The old key no longer opens the store.</para>
/// </example>
/// <example>
/// <code>Set-VppStoreKey -NewKey (Read-Host -AsSecureString -Prompt 'New store key') -Force -PassThru</code>
/// <para>Rotates the key to one typed (unseen) at the prompt, without asking to confirm, and shows the store with its new protection.</para>
/// </example>
[Cmdlet(VerbsCommon.Set, "VppStoreKey", DefaultParameterSetName = KeyPathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = ModuleLinks.Docs + "Set-VppStoreKey.md")]
[OutputType(typeof(StoreInfo))]
public sealed class SetVppStoreKeyCommand : VppStoreCmdlet
{
    private const string KeyPathSet = "NewKeyPath";
    private const string KeySet = "NewKey";

    /// <summary>A file holding the new key (at least 32 characters).</summary>
    [Parameter(Mandatory = true, ParameterSetName = KeyPathSet)]
    [ValidateNotNullOrEmpty]
    public string? NewKeyPath { get; set; }

    /// <summary>The new key (at least 32 characters), as a SecureString.</summary>
    [Parameter(Mandatory = true, ParameterSetName = KeySet)]
    public SecureString? NewKey { get; set; }

    /// <summary>Do not ask to confirm.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write the store's details, with its new protection, to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        var location = ChosenLocation();
        if (!location.IsShared)
        {
            throw new VppException(VppErrorIds.StoreKeyNotApplicable, VppErrorCategory.InvalidOperation,
                $"The store {location.Path} is an SQLite file: its tokens are protected by DPAPI on Windows, or by the owner-only key file beside it elsewhere, not by a store key. Nothing was changed.",
                location.Path,
                "Set-VppStoreKey changes the key of a shared PostgreSQL store (-StoreConnectionString, or Use-VppStore -ConnectionString). Copy-VppStore moves an SQLite store to one.");
        }

        var newKey = StoreKeyInput.From(NewKeyPath is null ? null : ResolvePath(NewKeyPath), NewKey, nameof(NewKey))!;
        if (!ShouldChange(location.Path, $"Encrypt every token again under the store key from {newKey.Source}; the current key stops working", Force.IsPresent))
        {
            return;
        }

        var keyFromEnvironment = SessionStore.Key is null;
        Store.ChangeKey(newKey);
        WriteNote($"Every token of {Store.Path} is now encrypted under the store key from {newKey.Source}.");
        if (SessionStore.Connection?.Path == Store.Path) SessionStore.ReplaceKey(newKey);
        if (keyFromEnvironment && !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable(StoreKey.EnvironmentVariable)))
        {
            WriteCaution($"{StoreKey.EnvironmentVariable} still holds the old key, which no longer opens {Store.Path}: put the new key there, and wherever runbooks read it from.");
        }

        if (PassThru.IsPresent) WriteOutput(Store.Describe());
    }
}
