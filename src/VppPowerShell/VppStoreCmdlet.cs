using System.Collections.Generic;
using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell;

/// <summary>A cmdlet that works on a store: resolves and opens it once, warns about expiring tokens.</summary>
public abstract class VppStoreCmdlet : VppCmdlet
{
    private readonly HashSet<int> warnedTokens = new();
    private VppStore? store;
    private TokenCatalog? tokens;

    /// <summary>
    /// The store file to use. Defaults to the path set by Use-VppStore, then the VPP_STORE_PATH
    /// environment variable, then VppPowerShell/vpp.db in the per-user data folder.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StorePath { get; set; }

    /// <summary>The open store, opened on first use.</summary>
    protected VppStore Store => store ??= OpenStore();

    protected TokenCatalog Tokens => tokens ??= new TokenCatalog(Store);

    /// <summary>R-T2: every cmdlet that uses a token warns, once per command, when it expires within 30 days.</summary>
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

    protected override void Release()
    {
        store?.Dispose();
        store = null;
    }

    private VppStore OpenStore()
    {
        var location = StoreLocation.Resolve(StorePath is null ? null : ResolvePath(StorePath), SessionStore.DefaultPath);
        WriteNote($"Using store {location.Path} (chosen by {location.Source}).");
        return VppStore.Open(location);
    }
}
