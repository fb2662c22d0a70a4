using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using VppPowerShell.Tests.Harness;

namespace VppPowerShell.Benchmarks;

/// <summary>
/// What importing the module costs a script: wall time of a new pwsh that imports the laid-out
/// module and lists the tokens of a small store, against a bare pwsh started the same way, taken
/// in turns in the same run. Prints one JSON line with the medians and their ratio.
///   startup [--runs 10] [--module output/VppPowerShell/&lt;version&gt;/VppPowerShell.psd1]
/// </summary>
public static class StartupBenchmark
{
    public const string Command = "startup";
    private const int Tokens = 3;

    public static int Run(Arguments options)
    {
        var runs = options.Int("runs", 10);
        var manifest = options.Text("module") ?? LaidOutManifest();
        var folder = Path.Combine(Path.GetTempPath(), "vpp-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var storePath = Path.Combine(folder, "vpp.db");
            CompleteBenchmark.Seed(storePath, Tokens, 10);
            var bare = "exit";
            var module = $"Import-Module {Quote(manifest)}; if ((Get-VppToken -StorePath {Quote(storePath)} | Measure-Object).Count -ne {Tokens}) {{ exit 3 }}";

            // Once each untimed: the first start of a process reads its files from disk.
            Time(bare);
            Time(module);
            var bareMs = new List<double>();
            var moduleMs = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                bareMs.Add(Time(bare));
                moduleMs.Add(Time(module));
            }

            var bareMedian = Median(bareMs);
            var moduleMedian = Median(moduleMs);
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = Command,
                runs,
                pwsh = "dotnet pwsh -NoProfile -NonInteractive -Command",
                bareMs = Math.Round(bareMedian),
                importAndGetTokenMs = Math.Round(moduleMedian),
                moduleCostMs = Math.Round(moduleMedian - bareMedian),
                ratio = Math.Round(moduleMedian / bareMedian, 2),
                bareMinMs = Math.Round(bareMs.Min()),
                importAndGetTokenMinMs = Math.Round(moduleMs.Min()),
            }));
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The module as LayoutModule lays it out in this repository.</summary>
    private static string LaidOutManifest()
    {
        var laidOut = Path.Combine(RepositoryPaths.Root, "output", "VppPowerShell");
        var manifests = Directory.Exists(laidOut) ? Directory.GetFiles(laidOut, "VppPowerShell.psd1", SearchOption.AllDirectories) : Array.Empty<string>();
        if (manifests.Length != 1)
        {
            throw new InvalidOperationException($"startup imports the laid-out module: found {manifests.Length} under {laidOut}. " +
                "Run dotnet build src/VppPowerShell/VppPowerShell.csproj -t:LayoutModule -c Release first, or name one with --module.");
        }

        return manifests[0];
    }

    /// <summary>Milliseconds from starting `dotnet pwsh` (the repository's local tool) to its exit; a failed run stops the benchmark.</summary>
    private static double Time(string script)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", script }) start.ArgumentList.Add(argument);
        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        start.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        watch.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pwsh -Command \"{script}\" exited with {process.ExitCode}: {output.Result}{error.Result}");
        }

        return watch.Elapsed.TotalMilliseconds;
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''") + "'";

    private static double Median(List<double> samples)
    {
        var sorted = samples.OrderBy(x => x).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
