using System;
using System.Threading.Tasks;

namespace VppPowerShell.Benchmarks;

/// <summary>
/// Measurements that are too long for the test run. Each command prints one JSON line.
///   sync --assets N --assignments N --users N [--changes N] [--page-size N]
///   sync --tokens N --assets N --assignments N --users N [--latency-ms N] [--throttle-limit N] [--store sqlite|postgres]
///   sync --tokens N --assets N --assignments N --users N --workers N [--latency-ms N] [--throttle-limit N] [--store sqlite|postgres]
///   assign --devices N --licenses N [--plan-targets N] [--store sqlite|postgres] [--workers N [--overlap F]]
///   assign-kill [--store sqlite|postgres] [--devices N] [--kills N] [--seed N] [--lease-kill K]
///   complete [--tokens N] [--assets N] [--calls N]
///   blast-radius [--seed N] [--pipelines N] [--only N]
///   report [--tokens 3000] [--assets 50]
///   startup [--runs N] [--module psd1]
/// The multi-worker ones run tests/AssignWorker's worker in processes of their own.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: sync --assets 1000 --assignments 1000000 --users 200000");
            return 2;
        }

        var options = new Arguments(args, 1);
        switch (args[0])
        {
            case "sync":
                return await SyncBenchmark.RunAsync(options);
            case "assign":
                return await AssignBenchmark.RunAsync(options);
            case KillBenchmark.Command:
                return await KillBenchmark.RunAsync(options);
            case "complete":
                return CompleteBenchmark.Run(options);
            case BlastRadiusBenchmark.Command:
                return BlastRadiusBenchmark.Run(options);
            case ReportBenchmark.Command:
                return ReportBenchmark.Run(options);
            case ManyTokenWorld.Command:
                return ManyTokenWorld.Run(options);
            case StartupBenchmark.Command:
                return StartupBenchmark.Run(options);
            case SimulatorHost.Command:
                return SimulatorHost.Run(options);
            default:
                Console.Error.WriteLine($"Unknown benchmark '{args[0]}'.");
                return 2;
        }
    }
}
