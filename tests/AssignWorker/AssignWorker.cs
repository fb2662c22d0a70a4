using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Security;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Tests.Workers;

/// <summary>
/// One bulk assignment run in its own process, as a runbook would run it, for the crash-safety and
/// two-process tests and the multi-worker benchmarks (they kill it, or run several at once, against a
/// simulator they host; <see cref="WorkerProcess"/> starts it):
///   AssignWorker --store STORE --token-id N --adam-id X --devices N [--first N] [--name NAME] [--resume]
///                 [--poll-ms N] [--wait-go]
///   AssignWorker --store STORE --token-id N --adam-id X --devices N --job ID [--wait-seconds N]
/// STORE is an SQLite file, or a PostgreSQL connection string (its key in VPP_STORE_KEY).
/// It first finishes the token's interrupted jobs whose process is gone (re-running a command resumes
/// its run); then, unless --resume is given or a job called NAME exists already, it plans, journals
/// and runs the assignment of the asset to devices SN{first:D6} … SN{first+devices-1:D6} (device
/// licensing, intent Required). It writes one line per step (START, UNFINISHED, RESUMED, PLAN, JOURNAL, RUN, DONE)
/// so a test can tell where it was when it was killed. With --wait-go it opens the store, reads the
/// token, plans once without keeping the plan (warming up), writes READY and waits for a line on
/// standard input, so two workers can start at once.
/// With --job it resumes that one job and nothing else: it writes JOB (the job as this process sees it:
/// state, owner, heartbeat); while the job's owner is alive or, on another host, holds its lease, it
/// tries once (REFUSED, with the store's answer) and then looks every second until the job is free
/// (FREE, after how long; at most --wait-seconds, 300 by default); then RESUME, and DONE when finished.
/// DONE ends with the run's times and the associate requests it sent.
/// Exit code 0 when every job it ran finished.
/// </summary>
public static class AssignWorker
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == SyncWorker.Command) return await SyncWorker.RunAsync(args.Skip(1).ToArray());
        var options = Parse(args);
        var storePath = Required(options, "store");
        var tokenId = int.Parse(Required(options, "token-id"), CultureInfo.InvariantCulture);
        var adamId = Required(options, "adam-id");
        var pricing = options.TryGetValue("pricing", out var p) ? p : "STDQ";
        var devices = int.Parse(Required(options, "devices"), CultureInfo.InvariantCulture);
        var first = options.TryGetValue("first", out var f) ? int.Parse(f, CultureInfo.InvariantCulture) : 0;
        var name = options.TryGetValue("name", out var n) ? n : $"assign {adamId} to {devices} devices";
        var resumeOnly = options.ContainsKey("resume");
        var pollMilliseconds = options.TryGetValue("poll-ms", out var poll) ? int.Parse(poll, CultureInfo.InvariantCulture) : 20;
        var clientOptions = new AppleClientOptions
        {
            FirstRetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
            MaxRetries = 12,
            EventPollDelay = TimeSpan.FromMilliseconds(pollMilliseconds),
            EventPollMaxDelay = TimeSpan.FromMilliseconds(pollMilliseconds * 8),
            AttemptTimeout = TimeSpan.FromSeconds(30),
        };

        Say($"START {Environment.ProcessId} {Environment.MachineName}");
        using var store = VppStore.Open(LocationOf(storePath));
        var catalog = new TokenCatalog(store);
        var service = new LicensingService(store, clientOptions);
        var token = catalog.Get(tokenId);
        if (options.TryGetValue("job", out var jobToResume))
        {
            var waitSeconds = options.TryGetValue("wait-seconds", out var w) ? int.Parse(w, CultureInfo.InvariantCulture) : 300;
            return await ResumeOneAsync(store, service, jobToResume, TimeSpan.FromSeconds(waitSeconds)) ? 0 : 1;
        }

        var ok = true;
        var targets = Enumerable.Range(first, devices)
            .Select(i => new TargetRequest("SN" + i.ToString("D6", CultureInfo.InvariantCulture), LicenseType.Device, true))
            .ToList();
        if (options.ContainsKey("wait-go"))
        {
            // A plan that is thrown away warms up the code and the connection, so two workers told to go
            // at once really plan and run at once.
            await service.PlanAssignAsync(token, new[] { (adamId, pricing) }, targets, AssignmentIntent.Required, CancellationToken.None);
            Say("READY");
            Console.In.ReadLine();
        }

        foreach (var interrupted in service.Jobs(tokenId: tokenId, unfinishedOnly: true))
        {
            Say($"UNFINISHED {interrupted.JobId} {interrupted.Owner}");
        }

        foreach (var interrupted in service.ResumableJobs(token))
        {
            var resumed = await service.RunAsync(interrupted.JobId, false, null, 1, CancellationToken.None);
            Say($"RESUMED {Describe(resumed)}");
            ok &= resumed.State is VppJobState.Completed or VppJobState.CompletedWithErrors;
        }

        if (!resumeOnly && !service.Jobs(tokenId: tokenId).Any(j => j.Description == name))
        {
            Say("PLAN");
            var watch = Stopwatch.StartNew();
            var plan = await service.PlanAssignAsync(catalog.Get(tokenId), new[] { (adamId, pricing) }, targets, AssignmentIntent.Required, CancellationToken.None);
            var planSeconds = watch.Elapsed.TotalSeconds;
            Say($"JOURNAL {plan.Summary()}");
            watch.Restart();
            var jobId = service.Journal("Assign", token, name, plan);
            var journalSeconds = watch.Elapsed.TotalSeconds;
            Say($"RUN {jobId}");
            watch.Restart();
            var job = await service.RunAsync(jobId, false, null, 1, CancellationToken.None);
            Say($"DONE {Describe(job)} planSeconds={Seconds(planSeconds)} journalSeconds={Seconds(journalSeconds)} runSeconds={Seconds(watch.Elapsed.TotalSeconds)} " +
                $"associateRequests={Associates(service)}");
            ok &= job.State is VppJobState.Completed or VppJobState.CompletedWithErrors;
        }
        else
        {
            Say("NOTHING-TO-PLAN");
        }

        return ok ? 0 : 1;
    }

    /// <summary>Resumes one job once no live worker holds it; true when it finished.</summary>
    private static async Task<bool> ResumeOneAsync(VppStore store, LicensingService service, string jobId, TimeSpan wait)
    {
        var seen = service.Job(jobId);
        Say($"JOB {jobId} {seen.State} owner={seen.Owner ?? "-"} heartbeat={Heartbeat(store, jobId)}");
        if (seen.State is VppJobState.Completed or VppJobState.CompletedWithErrors)
        {
            Say($"DONE {Describe(seen)} runSeconds=0 associateRequests=0");
            return true;
        }

        var waited = Stopwatch.StartNew();
        if (seen.State == VppJobState.Running)
        {
            // Its owner is alive, or on another host and still within its lease: the store must refuse to hand it over.
            try
            {
                await service.RunAsync(jobId, false, null, 1, CancellationToken.None);
                Say($"NOT-REFUSED {jobId}");
                return false;
            }
            catch (VppException e) when (e.ErrorId == VppErrorIds.JobRunningElsewhere)
            {
                Say($"REFUSED {e.Message}");
            }

            while (service.Job(jobId).State == VppJobState.Running)
            {
                if (waited.Elapsed > wait)
                {
                    Say($"GAVE-UP after {Seconds(waited.Elapsed.TotalSeconds)} s");
                    return false;
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            seen = service.Job(jobId);
            Say($"FREE after {Seconds(waited.Elapsed.TotalSeconds)} s: {seen.State} owner={seen.Owner ?? "-"} heartbeat={Heartbeat(store, jobId)}");
        }

        Say($"RESUME {jobId}");
        var watch = Stopwatch.StartNew();
        var job = await service.RunAsync(jobId, false, null, 1, CancellationToken.None);
        Say($"DONE {Describe(job)} runSeconds={Seconds(watch.Elapsed.TotalSeconds)} associateRequests={Associates(service)}");
        return job.State is VppJobState.Completed or VppJobState.CompletedWithErrors;
    }

    /// <summary>Opens a store by what a worker is given: an SQLite file's path, or a PostgreSQL connection string.</summary>
    internal static StoreLocation LocationOf(string address) =>
        address.Contains("=")
            ? StoreLocation.ForConnection(address, StoreLocationSource.Parameter, null, StoreKey.FromEnvironment())
            : StoreLocation.Resolve(address, null);

    /// <summary>The job's last heartbeat as the store has it (its owner's lease runs from it).</summary>
    private static string Heartbeat(VppStore store, string jobId)
    {
        using var command = store.Connection.CreateCommand(null, "SELECT heartbeat_on FROM jobs WHERE job_id = @job;");
        command.AddParameter("@job", jobId);
        return command.ExecuteScalar() as string ?? "-";
    }

    private static int Associates(LicensingService service) =>
        service.LastRunRequests.TryGetValue(BatchOperation.Associate, out var sent) ? sent : 0;

    internal static string Seconds(double seconds) => Math.Round(seconds, 3).ToString(CultureInfo.InvariantCulture);

    private static string Describe(VppJob job) =>
        $"{job.JobId} {job.State} assigned={job.Assigned} failed={job.Failed} unchanged={job.Unchanged} pending={job.Pending}";

    internal static void Say(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }

    internal static Dictionary<string, string> Parse(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            var key = args[i].Substring(2);
            if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) result[key] = args[++i];
            else result[key] = string.Empty;
        }

        return result;
    }

    internal static string Required(Dictionary<string, string> options, string key) =>
        options.TryGetValue(key, out var value) && value.Length > 0 ? value : throw new ArgumentException($"--{key} is required.");
}
