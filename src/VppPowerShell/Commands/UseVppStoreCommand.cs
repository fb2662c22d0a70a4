using System.Management.Automation;
using VppPowerShell.Core.Store;

namespace VppPowerShell.Commands;

/// <summary>Sets the store that VppPowerShell cmdlets use for the rest of the session.</summary>
/// <remarks>
/// Opens (or creates, owner-only) the store file and makes it the default for every cmdlet
/// that is not given -StorePath, until the module is unloaded. The default otherwise comes from
/// the VPP_STORE_PATH environment variable, then the per-user data folder.
/// </remarks>
/// <example>
/// <code>Use-VppStore -Path ./contoso.db</code>
/// <para>Uses contoso.db in the current folder as the store for the rest of the session.</para>
/// </example>
[Cmdlet(VerbsOther.Use, "VppStore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(StoreInfo))]
public sealed class UseVppStoreCommand : VppCmdlet
{
    /// <summary>The store file. Created when missing; its folder must exist.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Write the store's details to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        var location = StoreLocation.Resolve(ResolvePath(Path!), null);
        if (!ShouldChange(location.Path, "Use as the default store for this session"))
        {
            return;
        }

        using var store = VppStore.Open(location);
        SessionStore.DefaultPath = store.Path;
        WriteNote($"VppPowerShell cmdlets now use the store {store.Path}.");
        if (PassThru.IsPresent) WriteOutput(store.Describe());
    }
}
