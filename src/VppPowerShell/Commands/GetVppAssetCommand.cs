using System.Management.Automation;
using VppPowerShell.Core.ReadModels;

namespace VppPowerShell.Commands;

/// <summary>Gets the apps and books of the tokens' pools, with Apple's license counts.</summary>
/// <remarks>
/// Reads the store's copy of Apple's assets as of the last Sync-VppToken: one row per token and
/// asset (the same app bought on two tokens is two pools), with total, assigned, available
/// and retired counts and when Apple last confirmed them.
/// </remarks>
/// <example>
/// <code>Get-VppAsset -Name 'Pages*' | Format-Table TokenName, Name, AvailableCount</code>
/// <para>Shows how many Pages licenses each token has free.</para>
/// </example>
/// <example>
/// <code>Get-VppAsset -ProductType Book -TokenName 'Contoso *'</code>
/// <para>Lists the books of the Contoso tokens.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "VppAsset", HelpUri = ModuleLinks.Docs + "Get-VppAsset.md")]
[OutputType(typeof(VppAsset))]
public sealed class GetVppAssetCommand : VppTokenDataCmdlet
{
    /// <summary>Apple's ids of the assets (adamId). Binds from the AdamId property of piped objects.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.AdamIdCompleter))]
    public string[]? AdamId { get; set; }

    /// <summary>Asset names (or adamIds); wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>App or Book.</summary>
    [Parameter]
    [ValidateSet("App", "Book")]
    public string? ProductType { get; set; }

    /// <summary>Only assets that support this platform, for example iOS or macOS.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Platform { get; set; }

    protected override void Process()
    {
        foreach (var asset in new LicenseQueries(Store).Assets(SelectedTokenIds(), AdamId, Name, ProductType, Platform))
        {
            WriteOutput(asset);
        }
    }
}
