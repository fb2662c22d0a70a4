using System.Collections.Generic;
using System.Linq;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>
/// One simulated location of the world: the token it is added as (name, store, the id the store
/// gives it) and the licenses Apple holds for it before anything runs.
/// </summary>
public sealed record LocationLayout(string TokenName, StoreName Store, int TokenId, string CountryCode, IReadOnlyList<LicenseSeed> Licenses)
{
    /// <summary>The users that hold a license here: they exist at Apple before the store first syncs.</summary>
    public IEnumerable<string> Users => Licenses.Where(l => l.ClientUserId is not null).Select(l => l.ClientUserId!).Distinct();
}

/// <summary>A license assigned at Apple while the world is built: to a device or to a user.</summary>
public sealed record LicenseSeed(string AdamId, string? SerialNumber, string? ClientUserId);
