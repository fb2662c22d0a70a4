using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple.Legacy;
using Xunit;

namespace VppPowerShell.Core.Tests.Apple.Legacy;

/// <summary>The legacy v1 service answering outside its documentation.</summary>
public sealed class LegacyUnexpectedAnswerTests
{
    [Fact]
    public async Task License_ids_that_are_not_numbers_are_read_as_text()
    {
        using var h = new LegacyHarness();
        h.Account.Seed(assets: 5, licenses: 300, users: 50, seed: 3);
        h.Options.Legacy.NonNumericLicenseIds = true;
        var reader = await h.ConnectAsync();

        var licenses = new List<LegacyLicense>();
        await reader.ReadLicensesAsync(batch => { licenses.AddRange(batch); return Task.CompletedTask; });

        Assert.Equal(h.Account.Licenses.Count, licenses.Count);
        Assert.All(licenses, l => Assert.StartsWith("L-", l.LicenseId));
        Assert.Equal(licenses.Count, licenses.Select(l => l.LicenseId).Distinct().Count());
    }

    [Fact]
    public async Task Rate_limiting_sent_as_HTTP_200_with_status_minus_one_is_retried()
    {
        using var h = new LegacyHarness();
        h.Account.Seed(assets: 3, licenses: 100, users: 20, seed: 3);
        var reader = await h.ConnectAsync();
        h.Options.Quirks.TooManyRequestsAsHttp200 = true;
        h.Options.Faults.Enqueue(VppPowerShell.Simulator.Model.SimulatedFault.TooManyRequests, 2);

        var licenses = new List<LegacyLicense>();
        await reader.ReadLicensesAsync(batch => { licenses.AddRange(batch); return Task.CompletedTask; });

        Assert.Equal(h.Account.Licenses.Count, licenses.Count);
        Assert.Equal(0, h.Options.Faults.PendingScriptedFaults);
    }
}
