using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell;

/// <summary>
/// A licensing cmdlet whose targets are assets × devices/users, given as parameters or piped in
/// by property name (one row per device or user, as Import-Csv gives them).
/// </summary>
public abstract class VppAssignmentTargetsCmdlet : VppLicensingCmdlet
{
    private readonly List<(int? TokenId, string[] Assets, string? Pricing, List<string> Serials, List<string> Users)> received = new();

    /// <summary>Apple's ids of the apps or books (adamId).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.AdamIdCompleter))]
    public string[]? AdamId { get; set; }

    /// <summary>The pricing tier of the asset: STDQ or PLUS. By default the one the token holds the asset under (STDQ when it holds none).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("STDQ", "PLUS")]
    public string? PricingParam { get; set; }

    /// <summary>Devices, by serial number.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? SerialNumber { get; set; }

    /// <summary>Users, by client user id.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? ClientUserId { get; set; }

    /// <summary>True when targets were typed on the command line (devices, users, or groups where the command takes them).</summary>
    protected virtual bool TargetsTyped => IsGivenOnCommandLine(nameof(SerialNumber)) || IsGivenOnCommandLine(nameof(ClientUserId));

    /// <summary>
    /// A license, device or user row is its own target; an asset or token object, or a row that names
    /// only assets, needs the targets typed on the command line: a row never widens to every holder.
    /// </summary>
    protected override VppException? Refusal(PipedObject input)
    {
        if (input.Kind is PipedKind.License or PipedKind.Device or PipedKind.User || TargetsTyped) return null;
        return new VppException(VppErrorIds.NoTargetGiven, VppErrorCategory.InvalidArgument,
            $"This input is {input.Describe()}: it names no device (SerialNumber) or user (ClientUserId), so it was skipped.",
            input.Describe(), "Pipe rows with a SerialNumber or ClientUserId column, or name the targets with -SerialNumber or -ClientUserId.");
    }

    protected sealed override void Process() =>
        received.Add((TokenId, AdamId!, PricingParam, Given(SerialNumber), Given(ClientUserId)));

    /// <summary>What the pipeline brought, one entry per token and asset list, targets merged in the order received.</summary>
    protected IEnumerable<(int? TokenId, List<(string AdamId, string? PricingParam)> Assets, List<string> Serials, List<string> Users)> Received() =>
        received.GroupBy(r => (r.TokenId, string.Join(",", r.Assets), r.Pricing))
            .Select(g => (g.Key.TokenId, g.First().Assets.Select(a => (a, g.Key.Pricing)).ToList(), g.SelectMany(r => r.Serials).ToList(), g.SelectMany(r => r.Users).ToList()));

    /// <summary>
    /// Stops the command when it was given input but no device, user (or group, where
    /// <paramref name="groupsGiven"/>) at all: a command that would change nothing says so.
    /// </summary>
    protected void RequireSomeTarget(bool groupsGiven)
    {
        if (groupsGiven || received.Count == 0 || received.Any(r => r.Serials.Count > 0 || r.Users.Count > 0)) return;
        throw new VppException(VppErrorIds.NoTargetGiven, VppErrorCategory.InvalidArgument,
            $"{MyInvocation.MyCommand.Name} was given no device or user: nothing was changed.", string.Join(",", received.SelectMany(r => r.Assets).Distinct()),
            "Name them with -SerialNumber or -ClientUserId, or pipe rows with a SerialNumber or ClientUserId column.");
    }

    /// <summary>
    /// Each asset with its pricing: as given; else the one pricing the token holds it under (a book
    /// bought as PLUS only); else STDQ. An asset held under both pricings without one named is refused.
    /// </summary>
    protected List<(string AdamId, string PricingParam)> Priced(VppToken token, IEnumerable<(string AdamId, string? PricingParam)> assets)
    {
        var result = new List<(string, string)>();
        foreach (var (adamId, pricing) in assets)
        {
            if (pricing is not null)
            {
                result.Add((adamId, pricing));
                continue;
            }

            var held = new LicenseQueries(Store).Assets(new[] { token.TokenId }, new[] { adamId }).Select(a => a.PricingParam).Distinct().ToList();
            if (held.Count > 1)
            {
                WriteTargetError(new VppException(VppErrorIds.AssetPricingAmbiguous, VppErrorCategory.InvalidArgument,
                    $"Token '{token.Name}' holds {adamId} under {string.Join(" and ", held)}: nothing was changed for it.", adamId,
                    "Name the one to use with -PricingParam STDQ or -PricingParam PLUS."));
                continue;
            }

            result.Add((adamId, held.Count == 1 ? held[0] : "STDQ"));
        }

        return result;
    }
}
