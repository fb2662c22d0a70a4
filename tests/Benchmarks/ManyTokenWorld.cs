using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Simulator;
using VppPowerShell.Simulator.Model;

namespace VppPowerShell.Benchmarks;

/// <summary>
/// Many locations on one simulator, run in a process of its own (so a benchmark's memory is the
/// client's alone), and their tokens added to one store: the world of a nightly sync of many tokens.
///   --tokens N --assets N --assignments N --users N (each location) [--latency-ms N] [--page-size N]
/// Location i is seeded with seed i, so every location holds different rows of the same sizes.
/// The host answers one line per command on standard input: TOKEN i (the token file of location i),
/// LATENT (requests that carried the latency, over all locations), TOTALS (assignments and distinct
/// users, summed over locations), COUNT endpoint (requests of one endpoint, such as "GET assets"), PEAK-TOKEN (the most requests any one token ever had in flight),
/// PEAK (the most in flight over all tokens), RESET, QUIT.
/// </summary>
public sealed class ManyTokenWorld : IDisposable
{
    public const string Command = "many-token-host";

    private readonly Process host;

    private ManyTokenWorld(Process host, Uri baseUri, int tokens)
    {
        this.host = host;
        BaseUri = baseUri;
        TokenCount = tokens;
    }

    public Uri BaseUri { get; }

    public int TokenCount { get; }

    /// <summary>Starts the simulator host with the locations the options ask for, and waits until they are seeded.</summary>
    public static ManyTokenWorld Start(Arguments options)
    {
        var (process, ready) = SimulatorHost.StartSelf(Command, options);
        var parts = ready.Split(' ');
        return new ManyTokenWorld(process, new Uri(parts[1]), int.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Adds every location's token to the store, named "Location 0001" and so on, and returns them
    /// in that order. Nothing is synced yet.
    /// </summary>
    public IReadOnlyList<VppToken> AddTokens(VppStore store, string folder)
    {
        var catalog = new TokenCatalog(store);
        var tokens = new List<VppToken>(TokenCount);
        var tokenPath = Path.Combine(folder, "location.vpptoken");
        for (var i = 0; i < TokenCount; i++)
        {
            File.WriteAllText(tokenPath, Ask($"TOKEN {i}").Substring("TOKEN ".Length));
            tokens.Add(catalog.Add(NewTokenRequest.Create(TokenSource.FromFile(tokenPath), LocationName(i), "bench@contoso.com", "US",
                AccountType.Business, false, true, DateTimeOffset.UtcNow, BaseUri.AbsoluteUri)));
        }

        File.Delete(tokenPath);
        return tokens;
    }

    /// <summary>Requests that carried the latency (all but service config and the content lookup), over all locations.</summary>
    public long LatentRequests() => long.Parse(Ask("LATENT").Split(' ')[1], CultureInfo.InvariantCulture);

    /// <summary>Assignments and distinct users over all locations: what a store synced from all of them holds.</summary>
    public (long Assignments, long Users) Totals()
    {
        var parts = Ask("TOTALS").Split(' ');
        return (long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    /// <summary>Requests of one endpoint over all locations, such as "GET assets" or "POST client/config".</summary>
    public long Requests(string endpoint) => long.Parse(Ask("COUNT " + endpoint).Split(' ')[1], CultureInfo.InvariantCulture);

    /// <summary>The most requests one token ever had in flight (Apple allows 5).</summary>
    public int PeakInFlightPerToken() => int.Parse(Ask("PEAK-TOKEN").Split(' ')[1], CultureInfo.InvariantCulture);

    /// <summary>The most requests in flight at once over all tokens.</summary>
    public int PeakInFlight() => int.Parse(Ask("PEAK").Split(' ')[1], CultureInfo.InvariantCulture);

    /// <summary>Sets the simulator's counts to zero.</summary>
    public void ResetStatistics() => Ask("RESET");

    public void Dispose()
    {
        try
        {
            host.StandardInput.WriteLine("QUIT");
            host.WaitForExit(10_000);
        }
        finally
        {
            host.Dispose();
        }
    }

    public static string LocationName(int index) => "Location " + (index + 1).ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The host side: seeds the locations and answers the commands above.</summary>
    public static int Run(Arguments options)
    {
        var simulatorOptions = new SimulatorOptions { PageSize = options.Int("page-size", 1000) };
        simulatorOptions.Faults.Latency = TimeSpan.FromMilliseconds(options.Int("latency-ms", 0));
        using var simulator = AppleSimulator.Start(simulatorOptions);
        var count = options.Int("tokens", 100);
        var locations = new List<SimulatedLocation>(count);
        for (var i = 0; i < count; i++)
        {
            var location = simulator.AddLocation(LocationName(i), "Contoso", "US");
            location.Seed(options.Int("assets", 20), options.Int("assignments", 300), options.Int("users", 50), seed: i + 1);
            locations.Add(location);
        }

        Console.WriteLine($"READY {simulator.BaseUri} {count}");
        string? line;
        while ((line = Console.ReadLine()) is not null)
        {
            var parts = line.Split(' ');
            switch (parts[0])
            {
                case "TOKEN":
                    Console.WriteLine("TOKEN " + locations[int.Parse(parts[1], CultureInfo.InvariantCulture)].TokenFileContent);
                    break;
                case "LATENT":
                    Console.WriteLine($"LATENT {SimulatorHost.LatentRequests(simulator.Statistics)}");
                    break;
                case "TOTALS":
                    var assignments = locations.Sum(l => (long)l.AssignmentCount);
                    var users = locations.Sum(l => (long)l.Users.Select(u => u.ClientUserId).Distinct().Count());
                    Console.WriteLine($"TOTALS {assignments} {users}");
                    break;
                case "COUNT":
                    Console.WriteLine($"COUNT {simulator.Statistics.Requests(line.Substring("COUNT ".Length))}");
                    break;
                case "PEAK-TOKEN":
                    Console.WriteLine($"PEAK-TOKEN {locations.Max(l => simulator.Statistics.PeakInFlightForToken(l.UId))}");
                    break;
                case "PEAK":
                    Console.WriteLine($"PEAK {simulator.Statistics.PeakInFlight}");
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

    private string Ask(string command)
    {
        host.StandardInput.WriteLine(command);
        return host.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The many-token simulator host stopped.");
    }
}
