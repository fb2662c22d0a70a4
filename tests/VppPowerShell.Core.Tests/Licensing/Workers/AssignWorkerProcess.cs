using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using VppPowerShell.Core.Store;
using VppPowerShell.Tests.Shared;
using VppPowerShell.Tests.Workers;

namespace VppPowerShell.Core.Tests.Licensing.Workers;

/// <summary>
/// The bulk-assignment worker (tests/AssignWorker) started in its own process, as a
/// runbook would, on a test's store; its step lines (START, UNFINISHED, RESUMED, PLAN, JOURNAL, RUN,
/// DONE) are collected as they come.
/// </summary>
internal static class AssignWorkerProcess
{
    /// <summary>
    /// Starts a worker on <paramref name="store"/>: its file, or for PostgreSQL its connection string, with
    /// the test key as the worker's VPP_STORE_KEY.
    /// </summary>
    public static WorkerProcess Start(VppStore store, int tokenId, string adamId, int devices, int first = 0, string? name = null,
        bool waitForGo = false, int pollMilliseconds = 20)
    {
        var postgres = store.Location.Engine == StoreEngine.PostgreSql;
        var arguments = new List<string>
        {
            "--store", postgres ? store.Location.ConnectionString! : store.Path,
            "--token-id", tokenId.ToString(CultureInfo.InvariantCulture),
            "--adam-id", adamId,
            "--devices", devices.ToString(CultureInfo.InvariantCulture),
            "--first", first.ToString(CultureInfo.InvariantCulture),
            "--poll-ms", pollMilliseconds.ToString(CultureInfo.InvariantCulture),
        };
        if (name is not null) arguments.AddRange(new[] { "--name", name });
        if (waitForGo) arguments.Add("--wait-go");
        return WorkerProcess.Start(arguments, postgres ? TestStores.KeyText : null, Stopwatch.StartNew());
    }
}
