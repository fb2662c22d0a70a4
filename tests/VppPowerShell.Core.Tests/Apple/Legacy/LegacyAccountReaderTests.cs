using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Apple.Legacy;
using VppPowerShell.Simulator.Model;
using Xunit;
using Xunit.Abstractions;

namespace VppPowerShell.Core.Tests.Apple.Legacy;

/// <summary>The legacy v1 client against the simulator over loopback HTTP (API §7.4, §13, §14.2).</summary>
public sealed class LegacyAccountReaderTests
{
    private readonly ITestOutputHelper output;

    public LegacyAccountReaderTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public async Task Reading_thirteen_thousand_licenses_yields_exactly_the_truth_in_the_fewest_requests()
    {
        using var h = new LegacyHarness();
        h.Account.Seed(assets: 150, licenses: 13_000, users: 3_000, seed: 11);
        var truth = h.Account.Licenses;
        var assigned = truth.Where(l => l.Status == "Associated").ToList();
        var reader = await h.ConnectAsync();
        long before = reader.Requests;
        h.Simulator.Statistics.Reset();

        var watch = Stopwatch.StartNew();
        var (assignments, result, largest) = await LegacyHarness.ReadAssignmentsAsync(reader);
        watch.Stop();

        int minimum = LegacyHarness.CeilDiv(assigned.Count, 1000);
        output.WriteLine($"{assignments.Count} assignments of {truth.Count} licenses in {watch.Elapsed.TotalSeconds:0.000} s, {h.LicenseRequests} requests (minimum {minimum}), peak in flight {h.Simulator.Statistics.PeakInFlightForToken(h.Account.UId)}");
        Assert.True(assigned.Count > 10_000, $"{assigned.Count} assigned");
        Assert.Equal(assigned.Select(LegacyHarness.Key), assignments.Select(LegacyHarness.Key)); // same set, in Apple's order
        Assert.Equal(minimum, h.LicenseRequests);
        Assert.Equal(minimum, reader.Requests - before);
        Assert.Equal(minimum, result.Batches);
        Assert.Equal(assigned.Count, result.Records);
        Assert.Equal(assigned.Count, result.EstimatedCount);
        Assert.False(string.IsNullOrEmpty(result.SinceModifiedToken));
        Assert.Equal(1000, largest);
        Assert.InRange(h.Simulator.Statistics.PeakInFlightForToken(h.Account.UId), 1, AppleClientOptions.MaxInFlightPerToken);

        // v2 terms: books are user-only and not revocable; every assignment names exactly one target.
        Assert.All(assignments, a => Assert.True((a.ClientUserId is null) != (a.SerialNumber is null)));
        Assert.All(assignments.Where(a => a.ProductType == "Book"), a => Assert.False(a.Revocable));
        Assert.Contains(assignments, a => a.PricingParam == "PLUS");

        // Every license, available and refunded ones included.
        h.Simulator.Statistics.Reset();
        watch.Restart();
        var licenses = new List<LegacyLicense>();
        var all = await reader.ReadLicensesAsync(batch => { licenses.AddRange(batch); return Task.CompletedTask; });
        watch.Stop();
        output.WriteLine($"{licenses.Count} licenses in {watch.Elapsed.TotalSeconds:0.000} s, {h.LicenseRequests} requests");
        Assert.Equal(truth.Select(LegacyHarness.FullKey), licenses.Select(LegacyHarness.Key));
        Assert.Equal(13, h.LicenseRequests);
        Assert.Equal(13, all.Batches);
    }

    [Fact]
    public async Task Licenses_users_and_assets_read_back_as_the_simulator_holds_them()
    {
        var options = new SimulatorOptions();
        options.Legacy.BatchSize = 250;
        using var h = new LegacyHarness(options);
        h.Account.Seed(assets: 30, licenses: 2_000, users: 900, seed: 3);
        var reader = await h.ConnectAsync();
        h.Simulator.Statistics.Reset();

        var licenses = new List<LegacyLicense>();
        var licenseRead = await reader.ReadLicensesAsync(batch => { licenses.AddRange(batch); return Task.CompletedTask; });
        var users = new List<LegacyUser>();
        var userRead = await reader.ReadUsersAsync(batch => { users.AddRange(batch); return Task.CompletedTask; });
        var active = new List<LegacyUser>();
        await reader.ReadUsersAsync(batch => { active.AddRange(batch); return Task.CompletedTask; }, includeRetired: false);
        var assets = await reader.ReadAssetsAsync();

        Assert.Equal(h.Account.Licenses.Select(LegacyHarness.FullKey), licenses.Select(LegacyHarness.Key));
        Assert.Equal(8, licenseRead.Batches);
        Assert.Equal(h.Account.Users.Select(LegacyHarness.Key), users.Select(LegacyHarness.Key));
        Assert.Equal(4, userRead.Batches);
        Assert.Equal(h.Account.Users.Where(u => u.Status != "Retired").Select(LegacyHarness.Key), active.Select(LegacyHarness.Key));
        Assert.Equal(h.Account.Assets.Select(LegacyHarness.Key), assets.Select(LegacyHarness.Key));
        Assert.Equal(8 + 4 + 4, h.Simulator.Statistics.Requests("POST getVPPLicensesSrv") + h.Simulator.Statistics.Requests("POST getVPPUsersSrv"));
        Assert.Equal(1, h.Simulator.Statistics.Requests("POST getVPPAssetsSrv"));
        Assert.Contains(licenses, l => l.Status == "Refunded");
        Assert.Contains(users, u => u.Status == "Retired" && u.IdHash != null);
        Assert.Contains(users, u => u.Status == "Registered" && u.InviteCode != null);
    }

    [Fact]
    public async Task A_delta_read_returns_only_licenses_changed_since_the_last_read_started()
    {
        var options = new SimulatorOptions();
        options.Legacy.BatchSize = 100;
        using var h = new LegacyHarness(options);
        h.Account.Seed(assets: 5, licenses: 600, users: 100);
        var reader = await h.ConnectAsync();
        var first = await reader.ReadLicensesAsync(_ => Task.CompletedTask, assignedOnly: true);

        var added = h.Account.Assign(h.Account.Licenses.First(l => l.Status == "Available" && l.ProductTypeId != 10).AdamId, serialNumber: "NEW-DEVICE");
        var device = h.Account.Licenses.First(l => l.SerialNumber != null && l.LicenseId != added.LicenseId);
        h.Account.Unassign(device.AdamId, serialNumber: device.SerialNumber);

        var changed = new List<LegacyLicense>();
        var delta = await reader.ReadLicensesAsync(batch => { changed.AddRange(batch); return Task.CompletedTask; }, sinceModifiedToken: first.SinceModifiedToken);

        Assert.Equal(1, delta.Batches);
        Assert.Equal(
            LegacyHarness.Sorted(h.Account.Licenses.Where(l => l.LicenseId == device.LicenseId || l.LicenseId == added.LicenseId).Select(LegacyHarness.FullKey)),
            LegacyHarness.Sorted(changed.Select(LegacyHarness.Key)));
        Assert.Contains(changed, l => l.Status == "Available" && l.ToAssignment() is null);
        Assert.Contains(changed, l => l.ToAssignment()?.SerialNumber == "NEW-DEVICE");
    }

    [Fact]
    public async Task Faults_503_with_Retry_After_9646_9603_and_dropped_connections_still_converge_within_the_cap()
    {
        var options = new SimulatorOptions();
        options.Legacy.BatchSize = 100;
        options.Faults.Latency = TimeSpan.FromMilliseconds(2);
        using var h = new LegacyHarness(options);
        h.Account.Seed(assets: 40, licenses: 6_000, users: 1_500, seed: 5);
        var expected = h.Account.Licenses.Where(l => l.Status == "Associated").Select(LegacyHarness.Key).ToList();
        var reader = await h.ConnectAsync();
        h.Simulator.Statistics.Reset();

        var faults = h.Options.Faults;
        faults.Seed = 42;
        faults.DropConnectionRate = 0.05;
        faults.TooManyRequestsRate = 0.05;  // HTTP 503 + 9646
        faults.ServerErrorRate = 0.05;      // 9603 in the body
        faults.RetryAfterSeconds = 0;
        faults.Enqueue(SimulatedFault.ServiceUnavailable, 2); // HTTP 503, plain text, Retry-After
        var (assignments, result, _) = await LegacyHarness.ReadAssignmentsAsync(reader);

        int minimum = LegacyHarness.CeilDiv(expected.Count, 100);
        output.WriteLine($"{h.LicenseRequests} requests for {minimum} batches under faults");
        Assert.Equal(expected, assignments.Select(LegacyHarness.Key));
        Assert.Equal(minimum, result.Batches);
        Assert.True(h.LicenseRequests > minimum, "faults should have cost retries");
        Assert.InRange(h.Simulator.Statistics.PeakInFlightForToken(h.Account.UId), 2, AppleClientOptions.MaxInFlightPerToken);
    }

    [Fact]
    public async Task Two_readers_of_one_token_share_the_cap_of_five_requests_in_flight()
    {
        var options = new SimulatorOptions();
        options.Legacy.BatchSize = 50;
        options.Faults.Latency = TimeSpan.FromMilliseconds(15);
        using var h = new LegacyHarness(options);
        h.Account.Seed(assets: 10, licenses: 1_500, users: 300);
        var first = await h.ConnectAsync();
        var second = await h.ConnectAsync();
        h.Simulator.Statistics.Reset();

        await Task.WhenAll(
            first.ReadLicensesAsync(_ => Task.CompletedTask),
            second.ReadLicensesAsync(_ => Task.CompletedTask),
            second.ReadUsersAsync(_ => Task.CompletedTask));

        Assert.Equal(AppleClientOptions.MaxInFlightPerToken, h.Simulator.Statistics.PeakInFlightForToken(h.Account.UId));
    }

    [Fact]
    public async Task Retry_After_is_honoured_before_the_batch_is_asked_again()
    {
        using var h = new LegacyHarness();
        h.Account.Seed(assets: 2, licenses: 10, users: 5);
        var reader = await h.ConnectAsync();
        h.Options.Faults.RetryAfterSeconds = 1;
        h.Options.Faults.Enqueue(SimulatedFault.TooManyRequests);
        var watch = Stopwatch.StartNew();

        var result = await reader.ReadLicensesAsync(_ => Task.CompletedTask);

        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.95), $"retried after {watch.Elapsed.TotalSeconds:0.00} s");
        Assert.Equal(1, result.Batches);
        Assert.Equal(2, h.LicenseRequests);
    }

    [Fact]
    public async Task A_long_Retry_After_fails_clearly_instead_of_waiting()
    {
        using var h = new LegacyHarness();
        var reader = await h.ConnectAsync();
        h.Options.Faults.TooManyRequestsRate = 1.0;
        h.Options.Faults.RetryAfterSeconds = 3600;

        var error = await Assert.ThrowsAsync<AppleServiceException>(() => reader.ReadAssetsAsync());

        Assert.Equal("AppleLegacyTooManyRequests", error.ErrorId);
        Assert.Equal(503, error.HttpStatus);
        Assert.Contains("3600", error.Message);
    }

    [Fact]
    public async Task Service_config_is_read_once_and_again_after_its_lifetime()
    {
        using var h = new LegacyHarness();
        var lifetime = TimeSpan.FromSeconds(1);
        var options = new AppleClientOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(5), ServiceConfigLifetime = lifetime };
        var watch = Stopwatch.StartNew();
        var reader = await h.ConnectAsync(options: options);
        await reader.ReadAssetsAsync();
        var config = await reader.GetServiceConfigAsync();
        if (watch.Elapsed < lifetime) Assert.Equal(1, h.Simulator.Statistics.Requests("POST VPPServiceConfigSrv"));
        long read = h.Simulator.Statistics.Requests("POST VPPServiceConfigSrv");

        var wait = lifetime - watch.Elapsed + TimeSpan.FromMilliseconds(100);
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        await reader.ReadAssetsAsync();

        Assert.Equal(read + 1, h.Simulator.Statistics.Requests("POST VPPServiceConfigSrv"));
        Assert.Equal(10, config.MaxBatchAssociateLicenseCount);
        Assert.Equal(10, config.MaxBatchDisassociateLicenseCount);
        Assert.Equal(h.Simulator.LegacyBaseUri + "getVPPLicensesSrv", config.Urls["getLicensesSrvUrl"]);
        Assert.True(config.Urls.ContainsKey("invitationEmailUrl"));
        Assert.Contains(9625, config.ErrorCodes.Keys);
    }

    [Fact]
    public async Task Only_https_or_loopback_http_may_carry_the_token()
    {
        var error = await Assert.ThrowsAsync<VppException>(() =>
            LegacyAccountReader.ConnectAsync(new Uri("http://vpp.example.com/mdm/VPPServiceConfigSrv"), "dG9rZW4=", LegacyHarness.FastRetries));
        Assert.Equal(VppErrorIds.InvalidServiceUrl, error.ErrorId);

        using var h = new LegacyHarness();
        var empty = await Assert.ThrowsAsync<VppException>(() => LegacyAccountReader.ConnectAsync(h.Simulator.LegacyServiceConfigUri, " \n", LegacyHarness.FastRetries));
        Assert.Equal(VppErrorIds.TokenFileEmpty, empty.ErrorId);
        Assert.Equal("https://vpp.itunes.apple.com/mdm/VPPServiceConfigSrv", LegacyAccountReader.AppleServiceConfigUrl.AbsoluteUri);
    }
}
