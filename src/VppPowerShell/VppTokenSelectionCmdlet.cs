using System.Collections.Generic;
using System.Management.Automation;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell;

/// <summary>
/// A cmdlet over a selection of tokens that changes no license (Get-VppToken, Sync-VppToken): -Name
/// with wildcards, or -TokenId, which also binds from any piped row's TokenId; every token when
/// neither is given.
/// </summary>
public abstract class VppTokenSelectionCmdlet : VppStoreCmdlet
{
    protected const string ByNameSet = "ByName";
    protected const string ByIdSet = "ById";

    /// <summary>Names of the tokens; wildcards allowed. Every token when omitted.</summary>
    [Parameter(Position = 0, ParameterSetName = ByNameSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.TokenNameCompleter))]
    public VppTokenIdentity[]? Name { get; set; }

    /// <summary>Ids of the tokens. Binds from the TokenId property of piped objects.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    public int[]? TokenId { get; set; }

    /// <summary>The tokens named by -Name or -TokenId, or every token.</summary>
    protected IReadOnlyList<VppToken> SelectedTokens() => ChooseTokens(Identities(ParameterSetName == ByIdSet ? TokenId : null, Name));
}
