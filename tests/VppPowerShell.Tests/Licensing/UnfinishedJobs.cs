using System;
using System.Threading;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Tests.Licensing;

/// <summary>Jobs journaled but not run, as a worker leaves them when it dies or while it still runs them.</summary>
public static class UnfinishedJobs
{
    /// <summary>"host:pid" of no process: the job reads as Interrupted.</summary>
    public static string DeadOwner => $"{Environment.MachineName}:{int.MaxValue}";

    /// <summary>Journals an assignment of Pages to the devices and gives it <paramref name="owner"/>; nothing is sent.</summary>
    public static string Assign(LicensingFixture fixture, string owner, params string[] serials)
    {
        using var store = fixture.OpenStore();
        var token = new TokenCatalog(store).Get("Contoso Paris");
        var licensing = new LicensingService(store, ModuleSettings.AppleClient);
        var targets = Array.ConvertAll(serials, s => new TargetRequest(s, LicenseType.Device, true));
        var plan = licensing.PlanAssignAsync(token, new[] { (LicensingFixture.App, "STDQ") }, targets, AssignmentIntent.Required, CancellationToken.None)
            .GetAwaiter().GetResult();
        var jobId = licensing.Journal("Assign", token, $"Assign Pages to {serials.Length} device(s)", plan);
        using var command = store.Connection.CreateCommand(null, "UPDATE jobs SET owner = @owner WHERE job_id = @job;");
        command.AddParameter("@owner", owner);
        command.AddParameter("@job", jobId);
        command.ExecuteNonQuery();
        return jobId;
    }
}
