using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple.Legacy;
using VppPowerShell.Core.Imports;

namespace VppPowerShell.Core.Migration;

/// <summary>
/// A legacy VPP account's assignments as import rows (API §14.2 mapping), numbered in the order
/// Apple lists them, so the same checks, plan and resumable job serve a file and a legacy account.
/// </summary>
public static class LegacyAssignments
{
    public static async Task<IReadOnlyList<ImportRow>> ReadAsync(LegacyAccountReader reader, CancellationToken cancellation)
    {
        var rows = new List<ImportRow>();
        await reader.ReadAssignmentsAsync(batch =>
        {
            foreach (var assignment in batch)
            {
                rows.Add(new ImportRow(rows.Count + 1, new Dictionary<string, string?>
                {
                    ["AdamId"] = assignment.AdamId,
                    ["PricingParam"] = assignment.PricingParam,
                    ["LicenseType"] = assignment.SerialNumber is null ? "User" : "Device",
                    ["SerialNumber"] = assignment.SerialNumber,
                    ["ClientUserId"] = assignment.ClientUserId,
                    ["LicenseId"] = assignment.LicenseId,
                }));
            }

            return Task.CompletedTask;
        }, cancellation).ConfigureAwait(false);
        return rows;
    }
}
