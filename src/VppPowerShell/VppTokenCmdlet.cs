using System.Management.Automation;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell;

/// <summary>A cmdlet that acts on one token at a time, named by -TokenId (pipeline) or -Name.</summary>
public abstract class VppTokenCmdlet : VppStoreCmdlet
{
    protected const string ByNameSet = "ByName";
    protected const string ByIdSet = "ById";

    /// <summary>The id of the token. Binds from the TokenId property of piped objects.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    public int TokenId { get; set; }

    /// <summary>The name of the token.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByNameSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.TokenNameCompleter))]
    public string? Name { get; set; }

    /// <summary>The token named by -TokenId or -Name, with a warning when it expires soon.</summary>
    protected VppToken TargetToken() => ResolveToken(ParameterSetName == ByIdSet ? TokenId : null, Name);
}
