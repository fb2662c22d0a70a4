using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Benchmarks;
using VppPowerShell.Core.Security;
using VppPowerShell.Core.Store;
using VppPowerShell.Tests.Shared;

namespace VppPowerShell.Core.Tests.Licensing.Workers;

/// <summary>
/// The bulk-assignment worker (<c>Benchmarks assign-worker</c>) running in its own process, as a
/// runbook would: started with <c>dotnet Benchmarks.dll</c> from this test's output folder, its
/// step lines (START, UNFINISHED, RESUMED, PLAN, JOURNAL, RUN, DONE) collected as they come.
/// </summary>
internal sealed class AssignWorkerProcess : IDisposable
{
    private readonly Process process;
    private readonly List<string> lines = new();
    private readonly StringBuilder errors = new();
    private readonly SemaphoreSlim lineArrived = new(0);

    private AssignWorkerProcess(Process process)
    {
        this.process = process;
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>The step lines written so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines) return lines.ToList();
        }
    }

    /// <summary>The last step the worker announced (its first word), or "" before any.</summary>
    public string LastStep => Lines.LastOrDefault()?.Split(' ')[0] ?? string.Empty;

    public string Output
    {
        get
        {
            lock (errors) return string.Join("\n", Lines) + (errors.Length > 0 ? "\nstderr:\n" + errors : string.Empty);
        }
    }

    /// <summary>
    /// Starts a worker on <paramref name="store"/>: its file, or for PostgreSQL its connection string, with
    /// the test key as the worker's VPP_STORE_KEY.
    /// </summary>
    public static AssignWorkerProcess Start(VppStore store, int tokenId, string adamId, int devices, int first = 0, string? name = null,
        bool waitForGo = false, int pollMilliseconds = 20)
    {
        var postgres = store.Location.Engine == StoreEngine.PostgreSql;
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(AssignWorker).Assembly.Location);
        start.ArgumentList.Add(AssignWorker.Command);
        void Add(string key, string value)
        {
            start.ArgumentList.Add("--" + key);
            start.ArgumentList.Add(value);
        }

        Add("store", postgres ? store.Location.ConnectionString! : store.Path);
        if (postgres) start.Environment[StoreKey.EnvironmentVariable] = TestStores.KeyText;
        Add("token-id", tokenId.ToString(CultureInfo.InvariantCulture));
        Add("adam-id", adamId);
        Add("devices", devices.ToString(CultureInfo.InvariantCulture));
        Add("first", first.ToString(CultureInfo.InvariantCulture));
        Add("poll-ms", pollMilliseconds.ToString(CultureInfo.InvariantCulture));
        if (name is not null) Add("name", name);
        if (waitForGo) start.ArgumentList.Add("--wait-go");

        var process = new Process { StartInfo = start };
        var worker = new AssignWorkerProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (worker.lines) worker.lines.Add(e.Data);
            worker.lineArrived.Release();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (worker.errors) worker.errors.AppendLine(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Lets a worker started with waitForGo (and READY) begin.</summary>
    public void Go()
    {
        process.StandardInput.WriteLine("GO");
        process.StandardInput.Flush();
    }

    /// <summary>Waits until a line starting with one of the steps arrives, or the worker exits; true when the line came.</summary>
    public async Task<bool> WaitForStepAsync(TimeSpan timeout, params string[] steps)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Lines.Any(l => steps.Any(s => l.StartsWith(s + " ", StringComparison.Ordinal) || l == s))) return true;
            if (process.HasExited) return false;
            await lineArrived.WaitAsync(TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Kills the worker and everything it started, as a crash or a stopped runbook host would.</summary>
    public void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own meanwhile.
        }

        process.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"The worker did not finish within {timeout.TotalSeconds} s. Output:\n{Output}");
        }

        process.WaitForExit(); // drains the redirected output
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited) Kill();
        process.Dispose();
        lineArrived.Dispose();
    }

    /// <summary>The dotnet host running these tests (the worker needs the same runtime).</summary>
    private static string DotnetHost()
    {
        var fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli)) return fromCli;
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return self;
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }
}
