using System.Management.Automation;
using VppPowerShell.Core.Store;

namespace VppPowerShell.Commands;

/// <summary>Shows which store the cmdlets use, why, and how its tokens are protected.</summary>
/// <remarks>
/// Resolves the store as every cmdlet does (-StorePath or -StoreConnectionString, then Use-VppStore,
/// then VPP_STORE_CONNECTION, then VPP_STORE_PATH, then the per-user data folder), opens it and reports
/// its engine (Sqlite or PostgreSql), where it is (the file, or the PostgreSQL server and database;
/// never a password), the rule that chose it, its schema version, how many tokens it holds and how
/// their secrets are encrypted. An SQLite store that does not exist yet is described, not created.
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
        WriteOutput(location.ExistsHere ? Store.Describe() : StoreInfo.NotCreated(location));
    }
}
