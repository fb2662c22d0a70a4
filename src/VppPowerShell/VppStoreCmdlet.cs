using System.Collections.Generic;
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
