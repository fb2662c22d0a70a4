using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace VppPowerShell;

/// <summary>
/// A licensing cmdlet whose targets are assets × devices/users, given as parameters or piped in
/// by property name (one row per device or user, as Import-Csv gives them).
/// </summary>
public abstract class VppAssignmentTargetsCmdlet : VppLicensingCmdlet
{
    private readonly List<(int? TokenId, string[] Assets, string Pricing, List<string> Serials, List<string> Users)> received = new();

    /// <summary>Apple's ids of the apps or books (adamId).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.AdamIdCompleter))]
    public string[]? AdamId { get; set; }

    /// <summary>The pricing tier of the asset: STDQ (default) or PLUS.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("STDQ", "PLUS")]
    public string PricingParam { get; set; } = "STDQ";

    /// <summary>Devices, by serial number.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? SerialNumber { get; set; }

    /// <summary>Users, by client user id.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? ClientUserId { get; set; }

    protected sealed override void Process() =>
        received.Add((TokenId, AdamId!, PricingParam, Given(SerialNumber), Given(ClientUserId)));

    /// <summary>What the pipeline brought, one entry per token and asset list, targets merged in the order received.</summary>
    protected IEnumerable<(int? TokenId, List<(string AdamId, string PricingParam)> Assets, List<string> Serials, List<string> Users)> Received() =>
        received.GroupBy(r => (r.TokenId, string.Join(",", r.Assets), r.Pricing))
            .Select(g => (g.Key.TokenId, g.First().Assets.Select(a => (a, g.Key.Pricing)).ToList(), g.SelectMany(r => r.Serials).ToList(), g.SelectMany(r => r.Users).ToList()));
}
