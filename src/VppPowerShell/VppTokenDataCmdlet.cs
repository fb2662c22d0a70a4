using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace VppPowerShell;

/// <summary>A cmdlet that reads synced data of some tokens: by -TokenId (pipeline) or -TokenName, or all.</summary>
public abstract class VppTokenDataCmdlet : VppStoreCmdlet
{
    /// <summary>Only these tokens. Binds from the TokenId property of piped objects.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int[]? TokenId { get; set; }

    /// <summary>Only tokens with these names (wildcards allowed), or these token objects.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.TokenNameCompleter))]
    public VppTokenIdentity[]? TokenName { get; set; }

    /// <summary>The ids of the tokens asked for, or null for every token; warns about expiring ones.</summary>
    protected IReadOnlyCollection<int>? SelectedTokenIds()
    {
        var identities = Identities(TokenId, TokenName);
        var tokens = ChooseTokens(identities);
        return identities is null ? null : tokens.Select(t => t.TokenId).ToList();
    }
}
