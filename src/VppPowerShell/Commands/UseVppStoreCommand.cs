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
/// <example>
/// <code>Use-VppStore -Reset</code>
/// <para>Forgets the session's store: cmdlets go back to VPP_STORE_PATH, then the per-user store.</para>
/// </example>
[Cmdlet(VerbsOther.Use, "VppStore", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = ModuleLinks.Docs + "Use-VppStore.md")]
[OutputType(typeof(StoreInfo))]
public sealed class UseVppStoreCommand : VppCmdlet
{
    private const string PathSet = "Path";
    private const string ResetSet = "Reset";

    /// <summary>The store file. Created when missing; its folder must exist.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

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
            if (SessionStore.DefaultPath is { } current && ShouldChange(current, "Stop using as the default store for this session"))
            {
                SessionStore.DefaultPath = null;
                WriteNote($"VppPowerShell cmdlets no longer use {current} by default.");
            }

            return;
        }

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
