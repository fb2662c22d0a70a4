using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Core.Reports;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tests.Sync;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Simulator;
using VppPowerShell.Simulator.Model;
using Xunit;

namespace VppPowerShell.Core.Tests.Apple;

/// <summary>
/// Apple answering outside its documentation, through the client: whatever comes back, the store
/// holds only what Apple confirmed for what was asked.
/// </summary>
public sealed class UnexpectedAnswerTests
{
    private static readonly AppleClientOptions Fast = new()
    {
        FirstRetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetries = 12,
        EventPollDelay = TimeSpan.FromMilliseconds(5),
        EventPollMaxDelay = TimeSpan.FromMilliseconds(50),
    };

    [Fact]
    public async Task An_asset_read_that_lists_other_assets_rows_is_never_filed_under_that_asset()
    {
        using var harness = new SyncHarness(new SimulatorOptions { PageSize = 50 });
        harness.Location.Seed(assets: 6, assignments: 365, users: 40, seed: 9);
        await harness.SyncAsync(full: true);
        var victim = harness.Location.Assignments.First(a => a.SerialNumber is not null);
        harness.Location.Unassign(victim.AdamId, serialNumber: victim.SerialNumber, pricingParam: victim.PricingParam);
        harness.Simulator.Options.Quirks.IgnoreAssignmentFilters = true;

        var summary = await harness.SyncAsync();

        harness.AssertStoreEqualsSimulator();
        Assert.True(summary.Full);
        Assert.Equal(1, summary.AssignmentsRemoved);
        var again = await harness.SyncAsync();
        harness.AssertStoreEqualsSimulator();
        Assert.Equal(0, again.AssignmentsAdded + again.AssignmentsRemoved);
    }

    [Fact]
    public async Task A_filtered_row_of_another_asset_is_an_error_of_the_read()
    {
        using var simulator = AppleSimulator.Start();
        var location = simulator.AddLocation("Filters");
        location.AddAsset("100", 10);
        location.AddAsset("200", 10);
        location.Assign("200", serialNumber: "S1");
        simulator.Options.Quirks.IgnoreAssignmentFilters = true;
        var client = new AppleServiceClient(simulator.BaseUri, location.TokenFileContent, Guid.NewGuid().ToString(), Fast);
        var page = await client.GetAssignmentsPageAsync(0, null, "100", "STDQ", CancellationToken.None);

        var error = Assert.Throws<VppException>(() => VppPowerShell.Core.Sync.TokenSync.CheckAssignment(page.Assignments!.Single(), "100", "STDQ"));

        Assert.Equal(VppErrorIds.AppleAnswerUnexpected, error.ErrorId);
        Assert.Contains("200", error.Message);
    }

    [Fact]
    public async Task Rate_limiting_sent_with_HTTP_200_is_retried_like_a_429()
    {
        using var simulator = AppleSimulator.Start();
        var location = simulator.AddLocation("Busy");
        simulator.Options.Quirks.TooManyRequestsAsHttp200 = true;
        simulator.Options.Faults.Enqueue(SimulatedFault.TooManyRequests, 2);
        var client = new AppleServiceClient(simulator.BaseUri, location.TokenFileContent, Guid.NewGuid().ToString(), Fast);

        var page = await client.GetAssetsPageAsync(0, CancellationToken.None);

        Assert.Equal(location.UId, page.UId);
        Assert.Equal(3, client.Requests);
    }

    [Theory]
    [InlineData(SimulatedFault.TooManyRequests)]
    [InlineData(SimulatedFault.ServerError)]
    [InlineData(SimulatedFault.ServiceUnavailable)]
    public async Task Retry_After_as_an_HTTP_date_is_honoured_on_429_and_5xx(SimulatedFault fault)
    {
        using var simulator = AppleSimulator.Start();
        var location = simulator.AddLocation("Busy");
        simulator.Options.Quirks.RetryAfterAsHttpDate = true;
        simulator.Options.Faults.RetryAfterSeconds = 0;
        simulator.Options.Faults.ServerErrorRetryAfterSeconds = 0;
        simulator.Options.Faults.Enqueue(fault);
        var client = new AppleServiceClient(simulator.BaseUri, location.TokenFileContent, Guid.NewGuid().ToString(), Fast);

        await client.GetAssetsPageAsync(0, CancellationToken.None);

        Assert.Equal(2, client.Requests);
    }

    [Fact]
    public void Retry_After_reads_seconds_and_HTTP_dates()
    {
        using var seconds = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        seconds.Headers.TryAddWithoutValidation("Retry-After", "120");
        Assert.Equal(TimeSpan.FromSeconds(120), AppleTransport.RetryAfter(seconds));

        using var date = new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable);
        date.Headers.TryAddWithoutValidation("Retry-After", DateTimeOffset.UtcNow.AddSeconds(90).ToString("r"));
        Assert.InRange(AppleTransport.RetryAfter(date)!.Value.TotalSeconds, 85, 91);

        using var past = new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable);
        past.Headers.TryAddWithoutValidation("Retry-After", DateTimeOffset.UtcNow.AddMinutes(-5).ToString("r"));
        Assert.Equal(TimeSpan.Zero, AppleTransport.RetryAfter(past));

        var options = new AppleClientOptions { MaxRetryAfter = TimeSpan.FromMinutes(5) };
        Assert.True(TimeSpan.FromSeconds(120) < options.MaxRetryAfter);
    }

    [Theory]
    [InlineData(EventFailureDetail.EmptyErrorInfo, true)]
    [InlineData(EventFailureDetail.MissingErrorInfo, true)]
    [InlineData(EventFailureDetail.Omitted, true)]
    [InlineData(EventFailureDetail.EmptyErrorInfo, false)]
    [InlineData(EventFailureDetail.Named, true)]
    public async Task A_partial_event_never_reports_targets_Apple_did_not_confirm_as_assigned(EventFailureDetail detail, bool reportedComplete)
    {
        using var harness = new SyncHarness();
        harness.Location.AddAsset("1001", 3);
        await harness.SyncAsync(full: true);
        harness.Simulator.Options.Quirks.FailureDetail = detail;
        harness.Simulator.Options.Quirks.FailedEventsReportComplete = reportedComplete;
        var service = new LicensingService(harness.Store, Fast);
        var token = harness.Reload(harness.Store, harness.Token);
        var devices = Enumerable.Range(0, 5).Select(i => new TargetRequest($"SN{i}", LicenseType.Device, true)).ToList();

        // The store believes 10 licenses are free, so all 5 are sent; Apple has 3.
        harness.Location.SetTotalCount("1001", 3);
        SetStoredCounts(harness, "1001", total: 10, available: 10);
        var plan = await service.PlanAssignAsync(token, new[] { ("1001", "STDQ") }, devices, AssignmentIntent.Required, CancellationToken.None);
        Assert.Equal(5, plan.Count(PlannedAction.Associate));
        var job = await service.RunAsync(service.Journal("Assign", token, "test", plan), false, null, 1, CancellationToken.None);

        Assert.Equal(3, job.Assigned);
        Assert.Equal(2, job.Failed);
        var results = service.Results(job.JobId).ToList();
        Assert.Equal(harness.Location.Assignments.Select(a => a.SerialNumber).OrderBy(s => s), results.Where(r => r.Status == "Assigned").Select(r => r.SerialNumber).OrderBy(s => s));
        var expectedError = detail == EventFailureDetail.Omitted ? VppErrorIds.AppleDidNotConfirm : VppErrorIds.NoLicenseAvailable;
        Assert.All(results.Where(r => r.Status != "Assigned"), r => Assert.Equal(expectedError, r.ErrorId));
        harness.AssertStoreEqualsSimulator();

        // Running again sends the two that did not get a license again.
        harness.Location.SetTotalCount("1001", 5);
        await harness.SyncAsync();
        var again = await service.PlanAssignAsync(harness.Reload(harness.Store, token), new[] { ("1001", "STDQ") }, devices, AssignmentIntent.Required, CancellationToken.None);
        Assert.Equal(2, again.Count(PlannedAction.Associate));
    }

    [Fact]
    public async Task An_event_short_of_its_count_without_any_failure_leaves_the_rest_unconfirmed()
    {
        using var harness = new SyncHarness();
        harness.Location.AddAsset("1001", 2);
        harness.Location.AddAsset("1002", 2);
        await harness.SyncAsync(full: true);
        harness.Simulator.Options.Quirks.FailureDetail = EventFailureDetail.Omitted;
        harness.Simulator.Options.Quirks.FailedEventsReportComplete = true;
        var service = new LicensingService(harness.Store, Fast);
        var token = harness.Reload(harness.Store, harness.Token);
        harness.Location.SetTotalCount("1002", 1);
        SetStoredCounts(harness, "1002", total: 10, available: 10);
        var devices = Enumerable.Range(0, 2).Select(i => new TargetRequest($"SN{i}", LicenseType.Device, true)).ToList();

        var plan = await service.PlanAssignAsync(token, new[] { ("1001", "STDQ"), ("1002", "STDQ") }, devices, AssignmentIntent.Required, CancellationToken.None);
        var job = await service.RunAsync(service.Journal("Assign", token, "test", plan), false, null, 1, CancellationToken.None);

        Assert.Equal(3, job.Assigned);
        Assert.Equal(1, job.Failed);
        var failed = Assert.Single(service.Results(job.JobId), r => r.Status != "Assigned");
        Assert.Equal(VppErrorIds.AppleDidNotConfirm, failed.ErrorId);
        Assert.Equal("1002", failed.AdamId);
        harness.AssertStoreEqualsSimulator();
    }

    [Fact]
    public async Task Serials_Apple_accepts_but_does_not_know_are_recorded_as_confirmed_and_the_next_sync_is_the_truth()
    {
        using var harness = new SyncHarness();
        harness.Location.AddAsset("1001", 10);
        await harness.SyncAsync(full: true);
        harness.Simulator.Options.Quirks.UnknownSerialPrefix = "GHOST";
        var service = new LicensingService(harness.Store, Fast);
        var token = harness.Reload(harness.Store, harness.Token);
        var devices = new[] { "SN1", "SN2", "GHOST1" }.Select(s => new TargetRequest(s, LicenseType.Device, true)).ToList();

        var plan = await service.PlanAssignAsync(token, new[] { ("1001", "STDQ") }, devices, AssignmentIntent.Required, CancellationToken.None);
        var job = await service.RunAsync(service.Journal("Assign", token, "test", plan), false, null, 1, CancellationToken.None);

        // Apple said COMPLETE for all three: that is what the job reports.
        Assert.Equal(3, job.Assigned);
        // The counts are Apple's (2 assigned), not the store's guess.
        var asset = new LicenseQueries(harness.Store).Assets(new[] { token.TokenId }).Single();
        Assert.Equal(2, asset.AssignedCount);

        await harness.SyncAsync();

        harness.AssertStoreEqualsSimulator();
        Assert.False(harness.Location.HasAssignment("1001", serialNumber: "GHOST1"));
        // The report says what Apple holds: two devices, the unknown one nowhere.
        var honest = new LicenseReports(harness.Store).Build(new[] { token.TokenId }).Single();
        Assert.Equal(2, honest.AssignedCount);
        Assert.Equal(8, honest.AvailableCount);
        Assert.DoesNotContain(new LicenseQueries(harness.Store).Assignments(new[] { token.TokenId }), a => a.SerialNumber == "GHOST1");
    }

    [Fact]
    public async Task An_answer_for_another_location_is_refused_and_the_stored_location_is_kept()
    {
        using var harness = new SyncHarness();
        await harness.SyncAsync(full: true);
        var bound = LocationUid(harness);
        Assert.Equal(harness.Location.UId, bound);
        harness.Simulator.Options.Quirks.ForeignUId = "9999000011112222";

        var error = await Assert.ThrowsAsync<VppException>(() => harness.SyncAsync(full: true));

        Assert.Equal(VppErrorIds.AppleAnswerForAnotherLocation, error.ErrorId);
        Assert.Equal(bound, LocationUid(harness));
        Assert.Equal(SyncState.Failed, harness.Reload(harness.Store, harness.Token).SyncState);
        // A second token for the original location is still recognised as a duplicate.
        var catalog = new TokenCatalog(harness.Store);
        var path = harness.Location.WriteTokenFile(harness.Folder.File("second.vpptoken"));
        harness.Location.RenewToken(revokePrevious: false);
        var second = harness.Location.WriteTokenFile(harness.Folder.File("renewed.vpptoken"));
        var request = NewTokenRequest.Create(TokenSource.FromFile(second), "Second", "vpp@contoso.com", "US", AccountType.Business, true, true,
            DateTimeOffset.UtcNow, harness.Simulator.BaseUri.AbsoluteUri);
        var duplicate = Assert.Throws<VppException>(() => catalog.CheckCanAdd(request, harness.Location.UId));
        Assert.Equal(VppErrorIds.TokenDuplicateLocation, duplicate.ErrorId);
        Assert.NotNull(path);
    }

    [Fact]
    public async Task The_notification_secret_Apple_echoes_is_never_stored_or_shown()
    {
        using var harness = new SyncHarness();
        harness.Location.AddAsset("1001", 10);
        const string secret = "whsec-3c1f-SECRET-9a7e";
        harness.Location.SetNotifications("https://mdm.contoso.example/apple/notify", secret);
        VppException? failure = null;

        var summary = await harness.SyncAsync(full: true);
        harness.Simulator.Options.Quirks.ForeignUId = "1";
        try
        {
            await harness.SyncAsync(full: true);
        }
        catch (VppException e)
        {
            failure = e;
        }

        Assert.NotNull(failure);
        Assert.DoesNotContain(secret, failure!.ToString());
        Assert.DoesNotContain(secret, summary.ToString());
        var token = harness.Reload(harness.Store, harness.Token);
        Assert.DoesNotContain(secret, token.ToString());
        Assert.DoesNotContain(secret, token.LastSyncError ?? string.Empty);
        var path = harness.Store.Path;
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(path)!))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
            Assert.DoesNotContain(secret, reader.ReadToEnd());
        }
    }

    [Fact]
    public async Task A_versionId_change_during_a_full_read_restarts_the_walk_and_stores_one_version()
    {
        using var harness = new SyncHarness(new SimulatorOptions { PageSize = 40 });
        harness.Location.Seed(assets: 5, assignments: 400, users: 30, seed: 4);
        await harness.SyncAsync(full: true);
        harness.Location.ApplyRandomChanges(50, seed: 12);
        harness.Simulator.Options.Quirks.VersionChangesDuringReads = 2;
        harness.Simulator.Statistics.Reset();

        var summary = await harness.SyncAsync(full: true);

        harness.AssertStoreEqualsSimulator();
        Assert.Equal(0, harness.Simulator.Options.Quirks.VersionChangesDuringReads);
        Assert.True(harness.Simulator.Statistics.Requests("GET assignments") > 10, $"{harness.Simulator.Statistics.Requests("GET assignments")} pages");
        Assert.True(summary.Full);
    }

    [Fact]
    public async Task Data_that_keeps_changing_during_a_full_read_ends_in_a_clear_error_and_keeps_the_last_good_copy()
    {
        using var harness = new SyncHarness(new SimulatorOptions { PageSize = 40 });
        harness.Location.Seed(assets: 5, assignments: 400, users: 30, seed: 4);
        await harness.SyncAsync(full: true);
        harness.Simulator.Options.Quirks.VersionChangesDuringReads = 1000;

        var error = await Assert.ThrowsAsync<VppException>(() => harness.SyncAsync(full: true));

        Assert.Equal(VppErrorIds.AppleDataKeptChanging, error.ErrorId);
        harness.Simulator.Options.Quirks.VersionChangesDuringReads = 0;
        harness.AssertStoreEqualsSimulator();
        Assert.Equal(SyncState.Failed, harness.Reload(harness.Store, harness.Token).SyncState);
    }

    [Fact]
    public async Task An_empty_page_that_still_has_a_next_page_is_followed()
    {
        using var harness = new SyncHarness(new SimulatorOptions { PageSize = 30 });
        harness.Location.Seed(assets: 4, assignments: 200, users: 25, seed: 2);
        harness.Simulator.Options.Quirks.EmptyFirstPage = true;

        await harness.SyncAsync(full: true);

        harness.AssertStoreEqualsSimulator();
    }

    [Fact]
    public async Task A_nextPageIndex_that_does_not_move_forward_stops_with_an_error()
    {
        using var harness = new SyncHarness(new SimulatorOptions { PageSize = 30 });
        harness.Location.Seed(assets: 4, assignments: 200, users: 25, seed: 2);
        harness.Simulator.Options.Quirks.NextPageIndexRepeats = true;

        var error = await Assert.ThrowsAsync<VppException>(() => harness.SyncAsync(full: true));

        Assert.Equal(VppErrorIds.ApplePagingDidNotEnd, error.ErrorId);
        Assert.True(harness.Simulator.Statistics.TotalRequests < 20, $"{harness.Simulator.Statistics.TotalRequests} requests");
    }

    [Fact]
    public async Task A_server_that_never_stops_paging_ends_in_a_clear_error_after_a_bounded_number_of_pages()
    {
        using var harness = new SyncHarness(new SimulatorOptions { PageSize = 30 });
        harness.Location.Seed(assets: 4, assignments: 200, users: 25, seed: 2);
        harness.Simulator.Options.Quirks.EndlessPaging = true;

        var error = await Assert.ThrowsAsync<VppException>(() => harness.SyncAsync(full: true));

        Assert.Equal(VppErrorIds.ApplePagingDidNotEnd, error.ErrorId);
        Assert.True(harness.Simulator.Statistics.TotalRequests < 100, $"{harness.Simulator.Statistics.TotalRequests} requests");
        Assert.Empty(new LicenseQueries(harness.Store).Assignments(new[] { harness.Token.TokenId }));
    }

    private static string? LocationUid(SyncHarness harness)
    {
        using var command = harness.Store.Connection.CreateCommand();
        command.CommandText = "SELECT location_uid FROM tokens WHERE token_id = @id;";
        command.AddParameter("@id", harness.Token.TokenId);
        return command.ExecuteScalar() as string;
    }

    private static void SetStoredCounts(SyncHarness harness, string adamId, int total, int available)
    {
        using var command = harness.Store.Connection.CreateCommand();
        command.CommandText = "UPDATE assets SET total_count = @t, available_count = @a WHERE adam_id = @id;";
        command.AddParameter("@t", total);
        command.AddParameter("@a", available);
        command.AddParameter("@id", adamId);
        command.ExecuteNonQuery();
    }
}
