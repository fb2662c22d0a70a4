using System.IO;
using System.Management.Automation;
using VppPowerShell.Core.Store;

namespace VppPowerShell.Commands;

/// <summary>Shows which store the cmdlets use, why, and how its tokens are protected.</summary>
/// <remarks>
/// Resolves the store as every cmdlet does (-StorePath, then Use-VppStore, then VPP_STORE_PATH,
/// then the per-user data folder), opens it and reports its path, the rule that chose it, its
/// schema version, how many tokens it holds and how their secrets are encrypted.
/// </remarks>
/// <example>
/// <code>Get-VppStore</code>
/// <para>Shows the store in use.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "VppStore", HelpUri = ModuleLinks.Docs + "Get-VppStore.md")]
[OutputType(typeof(StoreInfo))]
public sealed class GetVppStoreCommand : VppStoreCmdlet
{
    protected override void Process()
    {
        var location = ChosenLocation();
        WriteOutput(File.Exists(location.Path) ? Store.Describe() : StoreInfo.NotCreated(location));
    }
}
