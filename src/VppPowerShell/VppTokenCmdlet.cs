using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell;

/// <summary>
/// A cmdlet that acts on whole tokens: named by -Name or -TokenId, or piped as token objects
/// (Get-VppToken) or names. No other row reaches a whole token: a user or assignment row carries
/// its token's id, and that never makes it a token.
/// </summary>
public abstract class VppTokenCmdlet : VppStoreCmdlet
{
    protected const string ByNameSet = "ByName";
    protected const string ByIdSet = "ById";
    protected const string ByInputSet = "ByInput";

    /// <summary>Tokens from the pipeline (Get-VppToken's output, or names): the command acts on each one.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputSet, DontShow = true)]
    public override PSObject? InputObject { get; set; }

    /// <summary>The id of the token. Piped token objects are taken by what they are, not by this property.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByIdSet)]
    public int TokenId { get; set; }

    /// <summary>The name of the token, or a token object.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByNameSet)]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(Completion.TokenNameCompleter))]
    public VppTokenIdentity? Name { get; set; }

    protected override bool ReadsPipedObjects => true;

    /// <summary>
    /// True for commands that change the token (all but Test-VppToken): they take token objects and
    /// names only. A command that only reads a token also takes any row's TokenId.
    /// </summary>
    protected virtual bool ChangesToken => true;

    /// <summary>The token this record names, as typed or piped.</summary>
    protected VppTokenIdentity NamedToken()
    {
        if (Piped is { } piped) return IdentityOf(piped);
        return ParameterSetName == ByNameSet ? Name! : VppTokenIdentity.FromId(TokenId);
    }

    /// <summary>The token named by -TokenId, -Name or the piped object, with a warning when it expires soon.</summary>
    protected VppToken TargetToken() => ChooseToken(NamedToken());

    /// <summary>A token object or a name is a token; any other row is refused, saying what it is.</summary>
    protected override VppException? Refusal(PipedObject input)
    {
        if (IsGivenOnCommandLine(nameof(Name)) || IsGivenOnCommandLine(nameof(TokenId)))
        {
            return new VppException(VppErrorIds.TokenMismatch, VppErrorCategory.InvalidArgument,
                $"{MyInvocation.MyCommand.Name} was given a token on the command line and {input.Describe()} from the pipeline: it acts on one or the other, so the input was skipped.",
                input.Describe(), "Either pipe the tokens, or name one with -Name or -TokenId.");
        }

        if (input.Kind is PipedKind.Token or PipedKind.Text) return null;
        if (!ChangesToken && int.TryParse(input.Text(nameof(VppToken.TokenId)), out _)) return null;
        return new VppException(VppErrorIds.InputNotAToken, VppErrorCategory.InvalidArgument,
            $"{MyInvocation.MyCommand.Name} acts on whole tokens, and this input is {input.Describe()}, not a token: it was skipped. A row's TokenId says where the row lives; it never names the whole token.",
            input.Describe(), $"Pipe Get-VppToken's output, or name the token with {MyInvocation.MyCommand.Name} -Name <name> (or -TokenId).");
    }

    private static VppTokenIdentity IdentityOf(PipedObject input) =>
        input.Value.BaseObject is string name ? new VppTokenIdentity(name)
            : input.Value.BaseObject is VppToken token ? new VppTokenIdentity(token)
            : VppTokenIdentity.FromId(int.Parse(input.Text(nameof(VppToken.TokenId))!, System.Globalization.CultureInfo.InvariantCulture));
}
