using System;
using System.Linq;
using System.Threading;
using VppPowerShell.Core;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Apple.Wire;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Simulator;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Tests.Harness;
using Xunit;

namespace VppPowerShell.Tests.Licensing;

/// <summary>
/// Resume-VppJob of a job whose request went out before its process stopped, when Apple then fails
/// the event without naming targets and ignores the asset filter of the read that confirms them.
/// </summary>
public sealed class OverBroadResumeTests
{
    [Fact]
    public void Resume_VppJob_ends_with_each_targets_outcome_at_Apple()
    {
        using var simulator = AppleSimulator.Start();
        using var fixture = new LicensingFixture(appLicenses: 3, simulator);
        fixture.Location.Assign(LicensingFixture.MacApp, serialNumber: "OTHER1");
        var jobId = SubmitFiveDevicesAndStop(fixture);
        simulator.Options.Quirks.IgnoreAssignmentFilters = true;
        simulator.Options.Quirks.FailureDetail = EventFailureDetail.MissingErrorInfo;

        var resume = fixture.Run("Resume-VppJob", new Parameters().With("JobId", jobId).With("PassThru", true));

        Assert.Null(resume.TerminatingError);
        var job = resume.OutputOf<VppJob>().Single();
        Assert.Equal((VppJobState.CompletedWithErrors, 3, 2), (job.State, job.Assigned, job.Failed));
        Assert.Equal(2, resume.Errors.Count(e => e.ErrorId == VppErrorIds.NoLicenseAvailable));
        var held = fixture.Location.Assignments.Where(a => a.AdamId == LicensingFixture.App).Select(a => a.SerialNumber).OrderBy(s => s).ToList();
        Assert.Equal(3, held.Count);
        using var store = fixture.OpenStore();
        var results = new LicensingService(store, ModuleSettings.AppleClient).Results(jobId).ToList();
        Assert.Equal(held, results.Where(r => r.Status == "Assigned").Select(r => r.SerialNumber).OrderBy(s => s));
        Assert.Equal(2, results.Count(r => r.Status == "Failed" && r.ErrorId == VppErrorIds.NoLicenseAvailable));
    }

    /// <summary>
    /// Journals 5 devices for the app (the store believes 10 licenses are free, Apple has 3), sends the
    /// request and journals its event id: what a process leaves when it stops right after sending.
    /// </summary>
    private static string SubmitFiveDevicesAndStop(LicensingFixture fixture)
    {
        using var store = fixture.OpenStore();
        using (var command = store.Connection.CreateCommand())
        {
            command.CommandText = "UPDATE assets SET total_count = 10, available_count = 10 WHERE adam_id = @id;";
            command.AddParameter("@id", LicensingFixture.App);
            command.ExecuteNonQuery();
        }

        var token = new TokenCatalog(store).Get("Contoso Paris");
        var licensing = new LicensingService(store, ModuleSettings.AppleClient);
        var devices = Enumerable.Range(0, 5).Select(i => new TargetRequest($"SN{i}", LicenseType.Device, true)).ToList();
        var plan = licensing.PlanAssignAsync(token, new[] { (LicensingFixture.App, "STDQ") }, devices, AssignmentIntent.Required, CancellationToken.None).GetAwaiter().GetResult();
        var jobId = licensing.Journal("Assign", token, "Assign five devices", plan);

        var jobs = new JobStore(store);
        var batch = Assert.Single(jobs.OpenBatches(jobId));
        Assert.Equal(5, batch.Targets.Count);
        var client = new AppleServiceClient(fixture.Simulator!.BaseUri, fixture.Location.TokenFileContent, Guid.NewGuid().ToString(), ModuleSettings.AppleClient);
        var sent = client.AssociateAsync(new ManageAssetsRequest
        {
            Assets = new() { new AssetKey { AdamId = LicensingFixture.App, PricingParam = "STDQ" } },
            SerialNumbers = batch.Targets.ToList(),
        }, CancellationToken.None).GetAwaiter().GetResult();
        jobs.MarkSubmitted(batch, sent.EventId!);
        return jobId;
    }
}
