using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Core.Apple.Legacy;
using VppPowerShell.Core.ReadModels;
using System.Security;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Commands;

/// <summary>
/// Adds a location token (content token) downloaded from Apple Business Manager or Apple School Manager.
/// </summary>
/// <remarks>
/// Reads the .vpptoken file, checks it (base64 JSON with token, expDate and orgName; not expired;
/// not already in the store), asks Apple which location it is for and which management system
/// holds it, claims it for this store, and stores it encrypted for the current user. A token
/// another system holds is refused, naming that system, unless -TakeControl is given.
/// Every field that Apple's service needs is asked for, including your consent to send
/// user and device data to Apple. A store holds up to 3,000 tokens.
/// </remarks>
/// <example>
/// <code>Add-VppToken -Path ./sToken_for_Paris.vpptoken -Name 'Contoso Paris' -AppleId vpp@contoso.com -CountryCode FR -AccountType Business -AutomaticAppUpdates -ConsentToDataSharing</code>
/// <para>Adds the Paris location's token with automatic app updates on.</para>
/// </example>
/// <example>
/// <code>Add-VppToken -Path ./sToken.vpptoken -Name Berlin -AppleId vpp@contoso.com -CountryCode DE -AccountType Business -ConsentToDataSharing -TakeControl</code>
/// <para>Takes the Berlin location over from the management system that held it, after asking to confirm.</para>
/// </example>
/// <example>
/// <code>$t = Read-Host -AsSecureString 'Token'; Add-VppToken -Token $t -Name Schools -AppleId it@school.edu -CountryCode US -AccountType Education -ConsentToDataSharing -PassThru</code>
/// <para>Adds a token whose content was pasted at a prompt, and shows the new record.</para>
/// </example>
[Cmdlet(VerbsCommon.Add, "VppToken", DefaultParameterSetName = FromPathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = ModuleLinks.Docs + "Add-VppToken.md")]
[OutputType(typeof(VppToken))]
public sealed class AddVppTokenCommand : VppStoreCmdlet
{
    protected override bool CreatesStore => true;

    private const string FromPathSet = "Path";
    private const string FromLiteralPathSet = "LiteralPath";
    private const string FromContentSet = "Content";

    /// <summary>The .vpptoken file downloaded from Apple Business Manager or Apple School Manager. Wildcards must match one file.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = FromPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("TokenFilePath")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>The .vpptoken file, its name taken exactly as written (for names with [ or ]).</summary>
    [Parameter(Mandatory = true, ParameterSetName = FromLiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string? LiteralPath { get; set; }

    /// <summary>The content of the .vpptoken file, as a SecureString.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FromContentSet)]
    public SecureString? Token { get; set; }

    /// <summary>A name for the token, unique in the store: say which location it is for.</summary>
    [Parameter(Mandatory = true)]
    public string? Name { get; set; }

    /// <summary>The (managed) Apple ID of the account that downloaded the token.</summary>
    [Parameter(Mandatory = true)]
    public string? AppleId { get; set; }

    /// <summary>The two-letter ISO code of the country or region store the location buys from, for example US.</summary>
    [Parameter(Mandatory = true)]
    public string? CountryCode { get; set; }

    /// <summary>Business (Apple Business Manager) or Education (Apple School Manager).</summary>
    [Parameter(Mandatory = true)]
    public AccountType AccountType { get; set; }

    /// <summary>Update apps assigned as Required automatically when a new version is out.</summary>
    [Parameter]
    public SwitchParameter AutomaticAppUpdates { get; set; }

    /// <summary>Your consent to send user and device data to Apple, which its service needs. Required.</summary>
    [Parameter]
    public SwitchParameter ConsentToDataSharing { get; set; }

    /// <summary>Take the token over from another management system that holds it (asks to confirm unless -Force).</summary>
    [Parameter]
    public SwitchParameter TakeControl { get; set; }

    /// <summary>With -TakeControl, do not ask to confirm.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>A legacy VPP token (Apple's v1 service): read and synced here, then moved to its location with Move-VppToken.</summary>
    [Parameter]
    public SwitchParameter Legacy { get; set; }

    /// <summary>Where the token's calls go. Apple's service by default (with -Legacy, its legacy service configuration URL); a loopback simulator's URL for rehearsals.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ServiceUrl { get; set; }

    /// <summary>Write the new token to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        var source = GivenToken(Path, LiteralPath, Token, "the token")!;
        var legacy = Legacy.IsPresent;
        var request = NewTokenRequest.Create(source, Name!, AppleId!, CountryCode!, AccountType,
            AutomaticAppUpdates.IsPresent, ConsentToDataSharing.IsPresent, ModuleSettings.Clock(), legacy ? null : ServiceUrl);
        Tokens.CheckCanAdd(request);
        if (legacy)
        {
            AddLegacy(request);
            return;
        }

        RefuseNewRecordBesideLegacy(request);

        var claim = RunWork((_, cancellation) => Core.Apple.TokenClaim.InspectAsync(Store, request, ModuleSettings.AppleClient, cancellation));
        Tokens.CheckCanAdd(request, claim.LocationUid);
        if (claim.OtherOwnerName is not null)
        {
            if (!TakeControl.IsPresent) throw claim.OwnedElsewhere();
            var query = $"Apple says '{claim.OtherOwnerName}' manages location '{claim.LocationName}'. Taking control makes this store its only manager; the other system should stop using the token. Take control?";
            if (!ShouldContinueWith(query, "Take control of the token from another management system", Force.IsPresent)) return;
        }

        if (!ShouldChange(request.Name, $"Add location token for '{claim.LocationName ?? request.OrganizationName}', expiring {request.ExpiresOn:yyyy-MM-dd}"))
        {
            return;
        }

        RunWork(async (_, cancellation) =>
        {
            await claim.ClaimAsync(cancellation).ConfigureAwait(false);
            return true;
        });
        var token = Tokens.Add(request, claim.LocationUid, claim.LocationName);
        Added(token);
    }

    private void Added(VppToken token)
    {
        WriteNote($"Added token '{token.Name}' (TokenId {token.TokenId}) for location '{token.LocationName}' of '{token.OrganizationName}'.");
        WarnIfExpiring(token);
        if (PassThru.IsPresent) WriteOutput(token);
    }

    private void AddLegacy(NewTokenRequest request)
    {
        var url = ServiceUrl is null ? Core.Apple.Legacy.LegacyAccountReader.AppleServiceConfigUrl : Core.Tokens.ServiceUrl.ParseExact(ServiceUrl);
        var reader = RunWork((_, cancellation) => LegacyTokens.ConnectAsync(url, request, ModuleSettings.AppleClient, cancellation));
        var other = LegacyTokens.OtherOwner(reader, Store);
        Tokens.CheckCanAdd(request, reader.ClientConfig.UId);
        if (other is not null)
        {
            if (!TakeControl.IsPresent) throw new Core.Apple.TokenOwnershipException(other, reader.ClientConfig.ClientContext, reader.ClientConfig.Owner?.Guid);
            if (!ShouldContinueWith($"Apple says '{other}' manages this legacy account. Take control?", "Take control of the token from another management system", Force.IsPresent)) return;
        }

        if (!ShouldChange(request.Name, $"Add legacy VPP token for '{request.OrganizationName}', expiring {request.ExpiresOn:yyyy-MM-dd}")) return;
        RunWork(async (_, cancellation) =>
        {
            await LegacyTokens.ClaimAsync(reader, Store, cancellation).ConfigureAwait(false);
            return true;
        });
        Added(Tokens.Add(request, reader.ClientConfig.UId, reader.ClientConfig.LocationName, url));
    }

    /// <summary>A location token added as a new record beside its organization's legacy record would force re-creating the legacy assignments.</summary>
    private void RefuseNewRecordBesideLegacy(NewTokenRequest request)
    {
        if (Force.IsPresent) return;
        foreach (var legacy in Tokens.Find().Where(t => t.IsLegacy && string.Equals(t.OrganizationName, request.OrganizationName, System.StringComparison.OrdinalIgnoreCase)))
        {
            if (!new LicenseQueries(Store).Assignments(new[] { legacy.TokenId }).Any()) continue;
            throw new VppException(VppErrorIds.MigrationWouldRecreateAssignments, VppErrorCategory.InvalidOperation,
                $"'{request.OrganizationName}' has the legacy token '{legacy.Name}' with assignments. A new record for the location would force re-creating every one of them. Nothing was changed.",
                legacy, $"Put the location token onto the existing record: Move-VppToken -Name '{legacy.Name}' -Path <this file>. -Force adds it as a new record anyway.");
        }
    }
}
