using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Security;

namespace VppPowerShell.Tests.Workers;

/// <summary>
/// The <see cref="AssignWorker"/> program started in its own process, its step lines
/// collected as they come with the moment each arrived. A PostgreSQL store's key goes to it as
/// VPP_STORE_KEY. With a host name it runs in its own UTS namespace under that name (unshare --uts,
/// which needs root or user namespaces), so the job owner it records is a process on another host.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process process;
    private readonly List<(string Line, TimeSpan At)> lines = new();
    private readonly StringBuilder errors = new();
    private readonly SemaphoreSlim lineArrived = new(0);
    private readonly Stopwatch clock;

    private WorkerProcess(Process process, Stopwatch clock)
    {
        this.process = process;
        this.clock = clock;
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines) return lines.Select(l => l.Line).ToList();
        }
    }

    public string LastStep
    {
        get
        {
            lock (lines) return lines.Count == 0 ? string.Empty : lines[^1].Line.Split(' ')[0];
        }
    }

    public string Output
    {
        get
        {
            lock (errors) return string.Join("\n", Lines) + (errors.Length > 0 ? "\nstderr:\n" + errors : string.Empty);
        }
    }

    /// <summary>True when <c>unshare --uts</c> can give a process its own host name here.</summary>
    public static bool CanRunAsOtherHost()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("unshare", "--uts sh -c \"hostname vpp-probe\"")
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            probe.WaitForExit(10_000);
            return probe.HasExited && probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <param name="clock">The caller's clock: line arrival times are read on it.</param>
    public static WorkerProcess Start(IEnumerable<string> arguments, string? storeKey, Stopwatch clock, string? hostName = null)
    {
        // Started by the dotnet host, as benchmarks and tests (a test host process) both can.
        var command = new List<string> { DotnetHost(), typeof(WorkerProcess).Assembly.Location };
        command.AddRange(arguments);

        ProcessStartInfo start;
        if (hostName is null)
        {
            start = new ProcessStartInfo(command[0]);
            foreach (var argument in command.Skip(1)) start.ArgumentList.Add(argument);
        }
        else
        {
            // unshare and sh exec in place: the process started is the worker itself (its id, and what a kill ends).
            start = new ProcessStartInfo("unshare");
            foreach (var argument in new[] { "--uts", "sh", "-c", "hostname \"$0\" && exec \"$@\"", hostName }.Concat(command)) start.ArgumentList.Add(argument);
        }

        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        if (storeKey is not null) start.Environment[StoreKey.EnvironmentVariable] = storeKey;

        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(process, clock);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (worker.lines) worker.lines.Add((e.Data, clock.Elapsed));
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

    /// <summary>The dotnet host running this process (the worker needs the same runtime).</summary>
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

    /// <summary>The first line starting with the step, and when it arrived (on the caller's clock); null if none yet.</summary>
    public (string Line, TimeSpan At)? Find(string step)
    {
        lock (lines)
        {
            foreach (var line in lines)
            {
                if (line.Line == step || line.Line.StartsWith(step + " ", StringComparison.Ordinal)) return line;
            }
        }

        return null;
    }

    /// <summary>Waits until a line starting with one of the steps arrives (returned), or the worker exits or time runs out (null).</summary>
    public async Task<string?> WaitForStepAsync(TimeSpan timeout, params string[] steps)
    {
        var deadline = clock.Elapsed + timeout;
        while (clock.Elapsed < deadline)
        {
            foreach (var step in steps)
            {
                if (Find(step) is { } found) return found.Line;
            }

            if (process.HasExited)
            {
                process.WaitForExit(); // drains the redirected output
                foreach (var step in steps)
                {
                    if (Find(step) is { } found) return found.Line;
                }

                return null;
            }

            await lineArrived.WaitAsync(TimeSpan.FromMilliseconds(5)).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Lets a worker started with --wait-go (once READY) begin.</summary>
    public void Go()
    {
        process.StandardInput.WriteLine("GO");
        process.StandardInput.Flush();
    }

    /// <summary>
    /// Waits until every worker (started with --wait-go) is READY, then lets them all begin at once;
    /// throws with the worker's output if one is not ready in time.
    /// </summary>
    public static async Task GoTogetherAsync(IReadOnlyCollection<WorkerProcess> workers, TimeSpan readyWithin)
    {
        foreach (var worker in workers)
        {
            if (await worker.WaitForStepAsync(readyWithin, "READY").ConfigureAwait(false) is null)
            {
                throw new InvalidOperationException($"A worker did not get ready:\n{worker.Output}");
            }
        }

        foreach (var worker in workers) worker.Go();
    }

    /// <summary>Kills the worker at once (SIGKILL), as a crash or a stopped runbook host would.</summary>
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

        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited) Kill();
        process.Dispose();
        lineArrived.Dispose();
    }
}
