using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Apple.Wire;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tests.Sync;
using VppPowerShell.Simulator.Model;
using Xunit;

namespace VppPowerShell.Core.Tests.Licensing;

/// <summary>
/// An event that fails without naming its targets is confirmed by reading the asset back; when
/// Apple ignores the asset filter of that read, the job still ends with the truth per target.
/// </summary>
public sealed class OverBroadConfirmationTests
{
    private const string App = "1001";
    private const string OtherApp = "2002";

    private static readonly AppleClientOptions Fast = new()
    {
        FirstRetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetries = 12,
        EventPollDelay = TimeSpan.FromMilliseconds(5),
        EventPollMaxDelay = TimeSpan.FromMilliseconds(50),
    };

    [Theory]
    [InlineData(EventFailureDetail.EmptyErrorInfo, false)]
    [InlineData(EventFailureDetail.MissingErrorInfo, false)]
    [InlineData(EventFailureDetail.MissingErrorInfo, true)]
    public async Task A_job_confirmed_by_an_over_broad_read_ends_with_each_targets_outcome(EventFailureDetail detail, bool reportedComplete)
    {
        using var harness = await StartAsync(detail, reportedComplete);
        var (service, jobId) = await JournalFiveDevicesAsync(harness);

        var job = await service.RunAsync(jobId, false, null, 1, CancellationToken.None);

        AssertThreeAssignedTwoFailed(harness, service, job);
    }

    [Fact]
    public async Task Resuming_a_job_interrupted_after_its_request_went_out_ends_with_each_targets_outcome()
    {
        using var harness = await StartAsync(EventFailureDetail.EmptyErrorInfo, reportedComplete: false);
        var (service, jobId) = await JournalFiveDevicesAsync(harness);

        // The process stopped right after journaling the event id: the request is at Apple, its outcome is not in the store.
        var jobs = new JobStore(harness.Store);
        var batch = Assert.Single(jobs.OpenBatches(jobId));
        var client = new AppleServiceClient(harness.Simulator.BaseUri, harness.Location.TokenFileContent, Guid.NewGuid().ToString(), Fast);
        var sent = await client.AssociateAsync(new ManageAssetsRequest
        {
            Assets = batch.Assets.Select(a => new AssetKey { AdamId = a.AdamId, PricingParam = a.PricingParam }).ToList(),
            SerialNumbers = batch.Targets.ToList(),
        }, CancellationToken.None);
        jobs.MarkSubmitted(batch, sent.EventId!);

        var job = await service.RunAsync(jobId, false, null, 1, CancellationToken.None);

        AssertThreeAssignedTwoFailed(harness, service, job);
    }

    /// <summary>Apple holds 3 licenses of the app, the store believes 10 are free; another app has rows Apple lists when it ignores the filter.</summary>
    private static async Task<SyncHarness> StartAsync(EventFailureDetail detail, bool reportedComplete)
    {
        var harness = new SyncHarness();
        harness.Location.AddAsset(App, 3);
        harness.Location.AddAsset(OtherApp, 5);
        harness.Location.Assign(OtherApp, serialNumber: "OTHER1");
        harness.Location.Assign(OtherApp, serialNumber: "OTHER2");
        await harness.SyncAsync(full: true);
        using (var command = harness.Store.Connection.CreateCommand())
        {
            command.CommandText = "UPDATE assets SET total_count = 10, available_count = 10 WHERE adam_id = @id;";
            command.AddParameter("@id", App);
            command.ExecuteNonQuery();
        }

        harness.Simulator.Options.Quirks.IgnoreAssignmentFilters = true;
        harness.Simulator.Options.Quirks.FailureDetail = detail;
        harness.Simulator.Options.Quirks.FailedEventsReportComplete = reportedComplete;
        return harness;
    }

    private static async Task<(LicensingService Service, string JobId)> JournalFiveDevicesAsync(SyncHarness harness)
    {
        var service = new LicensingService(harness.Store, Fast);
        var token = harness.Reload(harness.Store, harness.Token);
        var devices = Enumerable.Range(0, 5).Select(i => new TargetRequest($"SN{i}", LicenseType.Device, true)).ToList();
        var plan = await service.PlanAssignAsync(token, new[] { (App, "STDQ") }, devices, AssignmentIntent.Required, CancellationToken.None);
        Assert.Equal(5, plan.Count(PlannedAction.Associate));
        return (service, service.Journal("Assign", token, "test", plan));
    }

    private static void AssertThreeAssignedTwoFailed(SyncHarness harness, LicensingService service, VppJob job)
    {
        Assert.Equal(VppJobState.CompletedWithErrors, job.State);
        Assert.Equal((3, 2), (job.Assigned, job.Failed));
        var results = service.Results(job.JobId).ToList();
        var held = harness.Location.Assignments.Where(a => a.AdamId == App).Select(a => a.SerialNumber).OrderBy(s => s).ToList();
        Assert.Equal(3, held.Count);
        Assert.Equal(held, results.Where(r => r.Status == "Assigned").Select(r => r.SerialNumber).OrderBy(s => s));
        Assert.All(results.Where(r => r.Status != "Assigned"), r =>
        {
            Assert.Equal("Failed", r.Status);
            Assert.Equal(VppErrorIds.NoLicenseAvailable, r.ErrorId);
        });
        harness.AssertStoreEqualsSimulator();
    }
}
