using System.Linq;
using System.Management.Automation;
using System.Security;
using VppPowerShell.Core.Migration;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Commands;

/// <summary>Moves a legacy VPP token onto the Apps and Books location its buyer migrated to, keeping everything.</summary>
/// <remarks>
/// Apple's migration moves a legacy buyer's licenses, assigned or not, to a new location. This
/// puts the location's token onto the existing token record (never a new record, never a delete:
/// either would force re-creating every assignment) and syncs it, so the record's apps,
/// assignments, groups and history are kept. It ends with what was kept and what is missing. If
/// Apple left assigned licenses on the legacy token (the buyer moved into a location that already
/// held licenses), the move is refused with the reason, unless -Force. From the pipeline it takes
/// token objects and names only.
/// </remarks>
/// <example>
/// <code>Move-VppToken -Name 'Contoso legacy' -Path ./sToken_for_Paris.vpptoken -PassThru</code>
/// <para>Moves the legacy record onto the Paris location and shows the assignments kept.</para>
/// </example>
[Cmdlet(VerbsCommon.Move, "VppToken", DefaultParameterSetName = ByNameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = ModuleLinks.Docs + "Move-VppToken.md")]
[OutputType(typeof(VppTokenMove))]
public sealed class MoveVppTokenCommand : VppTokenCmdlet
{
    /// <summary>The location's .vpptoken file.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>The .vpptoken file, its name taken exactly as written (for names with [ or ]).</summary>
    [Parameter]
    [Alias("LP")]
    [ValidateNotNullOrEmpty]
    public string? LiteralPath { get; set; }

    /// <summary>The content of the location's .vpptoken file, as a SecureString.</summary>
    [Parameter]
    public SecureString? Token { get; set; }

    /// <summary>Apple's service (the default), or a loopback simulator's URL for rehearsals.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ServiceUrl { get; set; }

    /// <summary>Move even when Apple left assignments on the legacy token, and do not prompt.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write what the move kept and what is missing.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        var source = GivenToken(Path, LiteralPath, Token, "the location's token")
            ?? throw new Core.VppException(Core.VppErrorIds.RenewalSourceAmbiguous, Core.VppErrorCategory.InvalidArgument,
                "Give the location's token as -Path, -LiteralPath or -Token.", null, "Add -Path <location .vpptoken>.");
        var token = TargetToken();
        var serviceUrl = Core.Tokens.ServiceUrl.Parse(ServiceUrl);
        var force = Force.IsPresent;
        var move = new TokenMove(Store, ModuleSettings.AppleClient);
        var claim = RunWork((_, cancellation) => move.CheckAsync(token, source, serviceUrl, force, cancellation));
        if (claim.OtherOwnerName is not null) throw claim.OwnedElsewhere();
        if (!ShouldChange(token.Name, $"Move the legacy token onto location '{claim.LocationName}' (the record, its apps, assignments and groups are kept), then sync", force))
        {
            return;
        }

        var result = RunWork((progress, cancellation) => move.MoveAsync(token, source, serviceUrl, claim, progress, cancellation));
        if (result.AssignmentsMissing > 0)
        {
            WriteCaution($"{result}. Missing: {string.Join(", ", result.Missing.Take(20))}{(result.AssignmentsMissing > 20 ? ", ..." : string.Empty)}. Re-create them with Import-VppAssignment -LegacyTokenPath, or from an export.");
        }
        else
        {
            WriteNote(result.ToString());
        }

        if (PassThru.IsPresent) WriteOutput(result);
    }
}
