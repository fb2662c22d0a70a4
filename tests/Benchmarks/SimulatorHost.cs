using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using VppPowerShell.Simulator;
using VppPowerShell.Simulator.Model;

namespace VppPowerShell.Benchmarks;

/// <summary>
/// Runs the simulator in its own process, so the benchmark's memory is the client's alone.
/// It answers one line per command on standard input: CHANGE n, STATS, QUIT; and, for the
/// assignment benchmark, ASSET adamId total, TOTAL adamId total, ASSET-STATE adamId, COUNT endpoint, LIMITS, RESET,
/// PEAK-TOKEN (the most requests ever in flight for the location's token), PAIRS (the (asset, target) pairs
/// write requests named, and how many of them were named more than once) and DIGEST adamId (the asset's
/// assignments: their count and a SHA-256 of the sorted "clientUserId|serialNumber" lines, to compare with a store).
/// --latency-ms N delays every request of Apple's API (not service config or the store lookup) by N ms while it counts as in flight.
/// --max-serials N publishes a smaller maxSerialNumbers (more, smaller requests); --event-polls N answers PENDING N times per event.
/// </summary>
public static class SimulatorHost
{
    public const string Command = "simulator-host";

    public static int Run(Arguments options)
    {
        var simulatorOptions = new SimulatorOptions { PageSize = options.Int("page-size", 1000) };
        simulatorOptions.Faults.Latency = TimeSpan.FromMilliseconds(options.Int("latency-ms", 0));
        simulatorOptions.Limits.MaxSerialNumbers = options.Int("max-serials", simulatorOptions.Limits.MaxSerialNumbers);
        simulatorOptions.EventPollsBeforeCompletion = options.Int("event-polls", simulatorOptions.EventPollsBeforeCompletion);
        using var simulator = AppleSimulator.Start(simulatorOptions);
        var location = simulator.AddLocation("Benchmark", "Contoso", "US");
        location.Seed(options.Int("assets", 1000), options.Int("assignments", 1_000_000), options.Int("users", 200_000), seed: 1);
        Console.WriteLine($"READY {simulator.BaseUri} {location.TokenFileContent}");
        string? line;
        while ((line = Console.ReadLine()) is not null)
        {
            var parts = line.Split(' ');
            switch (parts[0])
            {
                case "CHANGE":
                    location.ApplyRandomChanges(int.Parse(parts[1], CultureInfo.InvariantCulture), seed: 2);
                    simulator.Statistics.Reset();
                    Console.WriteLine("OK");
                    break;
                case "LATENT":
                    Console.WriteLine($"LATENT {LatentRequests(simulator.Statistics)}");
                    break;
                case "STATS":
                    Console.WriteLine($"STATS {simulator.Statistics.PeakInFlight} {simulator.Statistics.TotalRequests} {location.AssignmentCount} {location.Users.Select(u => u.ClientUserId).Distinct().Count()}");
                    break;
                case "ASSET":
                    location.AddAsset(parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture));
                    Console.WriteLine("OK");
                    break;
                case "TOTAL":
                    location.SetTotalCount(parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture));
                    Console.WriteLine("OK");
                    break;
                case "ASSET-STATE":
                    var asset = location.FindAsset(parts[1]);
                    Console.WriteLine(asset is null ? "NONE" : $"ASSET {asset.TotalCount} {asset.AssignedCount} {asset.AvailableCount}");
                    break;
                case "COUNT":
                    Console.WriteLine($"COUNT {simulator.Statistics.Requests(line.Substring("COUNT ".Length))}");
                    break;
                case "LIMITS":
                    var limits = simulator.Options.Limits;
                    Console.WriteLine($"LIMITS maxAssets={limits.MaxAssets} maxClientUserIds={limits.MaxClientUserIds} maxSerialNumbers={limits.MaxSerialNumbers} " +
                        $"maxRevokeClientUserIds={limits.MaxRevokeClientUserIds} maxRevokeSerialNumbers={limits.MaxRevokeSerialNumbers} maxUsers={limits.MaxUsers}");
                    break;
                case "PAIRS":
                    // (asset, target) pairs the write requests named, and those named more than once.
                    Console.WriteLine($"PAIRS {simulator.Statistics.PairsSent} {simulator.Statistics.PairsSentMoreThanOnce}");
                    break;
                case "PEAK-TOKEN":
                    Console.WriteLine($"PEAK-TOKEN {simulator.Statistics.PeakInFlightForToken(location.UId)}");
                    break;
                case "DIGEST":
                    var pairs = location.Assignments.Where(a => a.AdamId == parts[1])
                        .Select(a => $"{a.ClientUserId}|{a.SerialNumber}").OrderBy(x => x, StringComparer.Ordinal).ToList();
                    Console.WriteLine($"DIGEST {pairs.Count} {Digest(pairs)}");
                    break;
                case "RESET":
                    simulator.Statistics.Reset();
                    Console.WriteLine("OK");
                    break;
                case "QUIT":
                    return 0;
            }
        }

        return 0;
    }

    /// <summary>SHA-256 (hex) of the lines, each ended by a newline: equal sets of sorted lines give equal digests.</summary>
    public static string Digest(IEnumerable<string> sortedLines)
    {
        using var sha = SHA256.Create();
        var text = new StringBuilder();
        foreach (var line in sortedLines) text.Append(line).Append('\n');
        return Convert.ToHexString(sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Starts this program again as a simulator host and waits until it has seeded.</summary>
    public static (Process Process, Uri BaseUri, string Token) Start(Arguments options)
    {
        var (process, ready) = StartSelf(Command, options);
        var parts = ready.Split(' ');
        return (process, new Uri(parts[1]), parts[2]);
    }

    /// <summary>Starts this program again with <paramref name="command"/> and the options, and returns it with its first line (READY ...).</summary>
    public static (Process Process, string Ready) StartSelf(string command, Arguments options)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(SimulatorHost).Assembly.Location);
        }

        start.ArgumentList.Add(command);
        foreach (var argument in options.ToArgs()) start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        var ready = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"The {command} process did not start.");
        return (process, ready);
    }

    /// <summary>Requests that carried the latency: all but service config and the content lookup.</summary>
    public static long LatentRequests(SimulatorStatistics statistics) =>
        statistics.TotalRequests - statistics.Requests("GET service/config") - statistics.Requests("GET lookup");

    public static string Ask(Process process, string command)
    {
        process.StandardInput.WriteLine(command);
        return process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The simulator host stopped.");
    }
}
