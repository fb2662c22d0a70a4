using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tests.Sync;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Core.Tests.Licensing;

public sealed class LicensingEngineTests
{
    private static readonly AppleClientOptions Fast = new()
    {
        FirstRetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        EventPollDelay = TimeSpan.FromMilliseconds(5),
        EventPollMaxDelay = TimeSpan.FromMilliseconds(50),
    };

    [Theory, SqliteStore, PostgresStore]
    public async Task Oversubscription_gives_the_first_100_of_500_devices_a_license_and_fails_the_rest_R_L5(StoreEngine engine)
    {
        using var harness = new SyncHarness(engine: engine);
        harness.Location.AddAsset("1001", 100);
        await harness.SyncAsync(full: true);
        var service = new LicensingService(harness.Store, Fast);
        var token = harness.Reload(harness.Store, harness.Token);
        var devices = Enumerable.Range(0, 500).Select(i => new TargetRequest($"SN{i:D6}", LicenseType.Device, true)).ToList();

        var plan = await service.PlanAssignAsync(token, new[] { ("1001", "STDQ") }, devices, AssignmentIntent.Required, CancellationToken.None);
        Assert.Equal(100, plan.Count(PlannedAction.Associate));
        Assert.Equal(400, plan.Targets.Count(t => t.ErrorId == VppErrorIds.NoLicenseAvailable));
        Assert.Equal(1, plan.Requests(BatchOperation.Associate));

        var job = await service.RunAsync(service.Journal("Assign", token, "test", plan), false, null, 1, CancellationToken.None);

        Assert.Equal(VppJobState.CompletedWithErrors, job.State);
        Assert.Equal(100, job.Assigned);
        Assert.Equal(400, job.Failed);
        harness.AssertStoreEqualsSimulator();
        Assert.Equal(100, harness.Location.AssignmentCount);
        Assert.Equal(devices.Take(100).Select(d => d.Target), harness.Location.Assignments.Select(a => a.SerialNumber!).OrderBy(s => s));

        var again = await service.PlanAssignAsync(harness.Reload(harness.Store, token), new[] { ("1001", "STDQ") }, devices, AssignmentIntent.Required, CancellationToken.None);
        Assert.Equal(0, again.Requests(BatchOperation.Associate));
        Assert.Equal(100, again.Count(PlannedAction.None));
    }

    [Theory, SqliteStore, PostgresStore]
    public async Task Requests_stay_within_Apple_limits_and_users_and_devices_go_apart(StoreEngine engine)
    {
        var options = new SimulatorOptions();
        options.Limits.MaxSerialNumbers = 7;
        options.Limits.MaxClientUserIds = 4;
        using var harness = new SyncHarness(options, engine: engine);
        harness.Location.AddAsset("1001", 1000);
        harness.Location.AddAsset("1002", 1000);
        for (var i = 0; i < 10; i++) harness.Location.AddUser($"u{i}");
        await harness.SyncAsync(full: true);
        var service = new LicensingService(harness.Store, Fast);
        var token = harness.Reload(harness.Store, harness.Token);
        var targets = Enumerable.Range(0, 20).Select(i => new TargetRequest($"SN{i}", LicenseType.Device, true))
            .Concat(Enumerable.Range(0, 10).Select(i => new TargetRequest($"u{i}", LicenseType.User, false))).ToList();

        var plan = await service.PlanAssignAsync(token, new[] { ("1001", "STDQ"), ("1002", "STDQ") }, targets, AssignmentIntent.Required, CancellationToken.None);
        await service.RunAsync(service.Journal("Assign", token, "test", plan), false, null, 1, CancellationToken.None);

        // 20 devices in chunks of 7 (3) + 10 users in chunks of 4 (3), both assets sharing each request.
        Assert.Equal(LicensePlanner.MinimumRequests(20, 10, 2, new ServiceLimits(new System.Collections.Generic.Dictionary<string, int> { ["maxSerialNumbers"] = 7, ["maxClientUserIds"] = 4 })), plan.Requests(BatchOperation.Associate));
        Assert.Equal(6, harness.Simulator.Statistics.Requests("POST assets/associate"));
        harness.AssertStoreEqualsSimulator();
        Assert.Equal(60, harness.Location.AssignmentCount);
    }
}
