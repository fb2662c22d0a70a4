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

    /// <summary>Only tokens with these names; wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.TokenNameCompleter))]
    public string[]? TokenName { get; set; }

    /// <summary>The ids of the tokens asked for, or null for every token; warns about expiring ones.</summary>
    protected IReadOnlyCollection<int>? SelectedTokenIds()
    {
        if (TokenId is null && TokenName is null)
        {
            foreach (var token in Tokens.Find()) WarnIfExpiring(token);
            return null;
        }

        var tokens = SelectTokens(TokenId, TokenName);
        foreach (var token in tokens) WarnIfExpiring(token);
        return tokens.Select(t => t.TokenId).ToList();
    }
}
