using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Sync;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Tests.Workers;

/// <summary>
/// One nightly sync of every token in a store, in its own process, as one of several runbook workers
/// sharing the store would run it (R-T10):
///   AssignWorker sync --store STORE [--since ISO-TIME] [--throttle N] [--wait] [--wait-go]
/// It syncs the tokens up to --throttle at once (1 by default), through the runner Sync-VppToken uses. A token another worker is syncing, or
/// synced after --since (the run's start; now by default), is left to it. With --wait-go it opens the
/// store, writes READY and waits for a line on standard input, so several workers start at once.
/// Lines: START, READY, then per token SYNCED id requests=N, LEFT id reason, or FAILED id error, and
/// DONE synced=N left=N failed=N seconds=S. Exit code 0 when no token failed.
/// </summary>
public static class SyncWorker
{
    public const string Command = "sync";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = AssignWorker.Parse(args);
        var throttle = options.TryGetValue("throttle", out var t) ? int.Parse(t, CultureInfo.InvariantCulture) : 1;
        var clientOptions = new AppleClientOptions
        {
            FirstRetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
            MaxRetries = 12,
            AttemptTimeout = TimeSpan.FromSeconds(60),
        };

        AssignWorker.Say($"START {Environment.ProcessId} {Environment.MachineName}");
        var location = AssignWorker.LocationOf(AssignWorker.Required(options, "store"));
        using (var warm = VppStore.Open(location))
        {
            // Opening migrates and checks the key once, before the workers race.
        }

        if (options.ContainsKey("wait-go"))
        {
            AssignWorker.Say("READY");
            Console.In.ReadLine();
        }

        var since = options.TryGetValue("since", out var s) ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) : DateTimeOffset.UtcNow;
        var policy = new SyncClaimPolicy(options.ContainsKey("wait"), since);
        var watch = Stopwatch.StartNew();
        int synced = 0, left = 0, failed = 0;
        IReadOnlyList<VppToken> tokens;
        using (var store = VppStore.Open(location)) tokens = new TokenCatalog(store).Find();
        await ParallelTokens.RunAsync(location, tokens, throttle,
            (store, token, cancellation) => new TokenSync(store, clientOptions) { Claims = policy }.SyncAsync(token, false, null, 1, cancellation),
            (token, task) =>
            {
                switch (task.Exception?.GetBaseException())
                {
                    case null:
                        Interlocked.Increment(ref synced);
                        AssignWorker.Say($"SYNCED {token.TokenId} requests={task.Result.Requests} seconds={AssignWorker.Seconds(task.Result.Duration.TotalSeconds)} at={AssignWorker.Seconds(watch.Elapsed.TotalSeconds)}");
                        break;
                    case SyncLeftException e:
                        Interlocked.Increment(ref left);
                        AssignWorker.Say($"LEFT {token.TokenId} at={AssignWorker.Seconds(watch.Elapsed.TotalSeconds)} {e.Message}");
                        break;
                    case var e:
                        Interlocked.Increment(ref failed);
                        AssignWorker.Say($"FAILED {token.TokenId} {(e as VppException)?.ErrorId}: {e.Message}");
                        break;
                }
            },
            CancellationToken.None).ConfigureAwait(false);

        AssignWorker.Say($"DONE synced={synced} left={left} failed={failed} seconds={AssignWorker.Seconds(watch.Elapsed.TotalSeconds)}");
        return failed == 0 ? 0 : 1;
    }
}
