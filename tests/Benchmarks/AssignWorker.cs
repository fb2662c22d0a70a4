using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Benchmarks;

/// <summary>
/// One bulk assignment run in its own process, as a runbook would run it, for the crash-safety and
/// two-process tests (they kill it, or run two at once, against a simulator they host):
///   assign-worker --store PATH --token-id N --adam-id X --devices N [--first N] [--name NAME] [--resume]
///                 [--poll-ms N] [--wait-go]
/// It first finishes the token's interrupted jobs whose process is gone (re-running a command resumes
/// its run); then, unless --resume is given or a job called NAME exists already, it plans, journals
/// and runs the assignment of the asset to devices SN{first:D6} … SN{first+devices-1:D6} (device
/// licensing, intent Required). It writes one line per step (START, UNFINISHED, RESUMED, PLAN, JOURNAL, RUN, DONE)
/// so a test can tell where it was when it was killed. With --wait-go it opens the store, reads the
/// token, plans once without keeping the plan (warming up), writes READY and waits for a line on
/// standard input, so two workers can start at once.
/// Exit code 0 when every job it ran finished.
/// </summary>
public static class AssignWorker
{
    public const string Command = "assign-worker";

    public static async Task<int> RunAsync(string[] args)
    {
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

        Say($"START {Environment.ProcessId}");
        using var store = VppStore.Open(StoreLocation.Resolve(storePath, null));
        var catalog = new TokenCatalog(store);
        var service = new LicensingService(store, clientOptions);
        var token = catalog.Get(tokenId);
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

        foreach (var resumed in await service.ResumeUnfinishedAsync(token, null, CancellationToken.None))
        {
            Say($"RESUMED {Describe(resumed)}");
            ok &= resumed.State is VppJobState.Completed or VppJobState.CompletedWithErrors;
        }

        if (!resumeOnly && !service.Jobs(tokenId: tokenId).Any(j => j.Description == name))
        {
            Say("PLAN");
            var plan = await service.PlanAssignAsync(catalog.Get(tokenId), new[] { (adamId, pricing) }, targets, AssignmentIntent.Required, CancellationToken.None);
            Say($"JOURNAL {plan.Summary()}");
            var jobId = service.Journal("Assign", token, name, plan);
            Say($"RUN {jobId}");
            var job = await service.RunAsync(jobId, false, null, 1, CancellationToken.None);
            Say($"DONE {Describe(job)}");
            ok &= job.State is VppJobState.Completed or VppJobState.CompletedWithErrors;
        }
        else
        {
            Say("NOTHING-TO-PLAN");
        }

        return ok ? 0 : 1;
    }

    private static string Describe(VppJob job) =>
        $"{job.JobId} {job.State} assigned={job.Assigned} failed={job.Failed} unchanged={job.Unchanged} pending={job.Pending}";

    private static void Say(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }

    private static Dictionary<string, string> Parse(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            var key = args[i].Substring(2);
            if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) result[key] = args[++i];
            else result[key] = string.Empty;
        }

        return result;
    }

    private static string Required(Dictionary<string, string> options, string key) =>
        options.TryGetValue(key, out var value) && value.Length > 0 ? value : throw new ArgumentException($"--{key} is required.");
}
