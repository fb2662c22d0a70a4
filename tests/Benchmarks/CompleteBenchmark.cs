using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using VppPowerShell.Core.Store;

namespace VppPowerShell.Benchmarks;

/// <summary>
/// Argument completion at scale: a store seeded directly with N tokens and M assets, then
/// PowerShell's own TabExpansion2 (in-process engine, the module's cmdlet assembly imported) on
/// token names, asset ids and their prefixes, timed per call. Prints one JSON line with p50/p95 ms.
///   complete [--tokens 3000] [--assets 10000] [--calls 50]
/// </summary>
public static class CompleteBenchmark
{
    public static int Run(Arguments options)
    {
        var tokenCount = options.Int("tokens", 3_000);
        var assetCount = options.Int("assets", 10_000);
        var calls = options.Int("calls", 50);
        var folder = Path.Combine(Path.GetTempPath(), "vpp-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var storePath = Path.Combine(folder, "vpp.db");
            Seed(storePath, tokenCount, assetCount);

            var state = InitialSessionState.CreateDefault2();
            state.ImportPSModule(typeof(VppCmdlet).Assembly.Location);
            using var runspace = RunspaceFactory.CreateRunspace(state);
            runspace.Open();

            var quoted = "'" + storePath.Replace("'", "''") + "'";
            var cases = new (string Name, string Line, int Expected)[]
            {
                ("tokenAll", $"Get-VppToken -StorePath {quoted} -Name ", tokenCount),
                ("tokenPrefix", $"Get-VppToken -StorePath {quoted} -Name 'Contoso 01", Math.Min(tokenCount, 100)),
                ("tokenNameOfLicensing", $"Set-VppAssignment -StorePath {quoted} -TokenName contoso*99", -1),
                ("assetAll", $"Get-VppAsset -StorePath {quoted} -AdamId ", assetCount),
                ("assetIdPrefix", $"Get-VppAsset -StorePath {quoted} -AdamId 10000012", -1),
                ("assetByName", $"Set-VppAssignment -StorePath {quoted} -AdamId 'App 00123", -1),
                ("assetOfToken", $"Get-VppAssignment -StorePath {quoted} -TokenName 'Contoso 0042 Paris' -AdamId ", -1),
            };

            var results = new Dictionary<string, object>();
            foreach (var (name, line, expected) in cases)
            {
                var first = Time(runspace, line, out var count);
                if (expected >= 0 && count != expected) throw new InvalidOperationException($"{name}: {count} completions, expected {expected}.");
                for (var i = 0; i < 2; i++) Time(runspace, line, out _);
                var samples = Enumerable.Range(0, calls).Select(_ => Time(runspace, line, out _)).OrderBy(t => t).ToList();
                var direct = Enumerable.Range(0, calls).Select(_ => TimeDirect(runspace, line)).OrderBy(t => t).ToList();
                results[name] = new
                {
                    completions = count,
                    firstMs = Round(first),
                    p50Ms = Round(Percentile(samples, 0.50)),
                    p95Ms = Round(Percentile(samples, 0.95)),
                    maxMs = Round(samples[samples.Count - 1]),
                    completerP50Ms = Round(Percentile(direct, 0.50)),
                    completerP95Ms = Round(Percentile(direct, 0.95)),
                };
            }

            Console.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = "complete",
                tokens = tokenCount,
                assets = assetCount,
                calls,
                via = "TabExpansion2",
                cases = results,
            }));
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static double Time(Runspace runspace, string line, out int count)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        var watch = Stopwatch.StartNew();
        var result = shell.AddCommand("TabExpansion2").AddParameter("inputScript", line).AddParameter("cursorColumn", line.Length).Invoke();
        watch.Stop();
        var completion = (CommandCompletion)result[0].BaseObject;
        count = completion.CompletionMatches.Count;
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>The completer class alone, as TabExpansion2 calls it: the same line parsed, its parameters bound as PowerShell guesses them.</summary>
    private static double TimeDirect(Runspace runspace, string line)
    {
        var ast = (System.Management.Automation.Language.CommandAst)System.Management.Automation.Language.Parser.ParseInput(line, out _, out _)
            .Find(a => a is System.Management.Automation.Language.CommandAst, true)!;
        var elements = ast.CommandElements;
        var word = line.EndsWith(" ", StringComparison.Ordinal) ? string.Empty : elements[elements.Count - 1].Extent.Text;
        var parameterAst = (System.Management.Automation.Language.CommandParameterAst)elements[line.EndsWith(" ", StringComparison.Ordinal) ? elements.Count - 1 : elements.Count - 2];
        var parameterName = parameterAst.ParameterName;
        var bound = new System.Collections.Hashtable(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i + 1 < elements.Count; i += 2)
        {
            if (elements[i] is System.Management.Automation.Language.CommandParameterAst named && elements[i + 1] is System.Management.Automation.Language.StringConstantExpressionAst value)
                bound[named.ParameterName] = value.Value;
        }

        IArgumentCompleter completer = parameterName switch
        {
            "AdamId" => new Completion.AdamIdCompleter(),
            "GroupName" => new Completion.GroupNameCompleter(),
            "JobId" => new Completion.JobIdCompleter(),
            _ => new Completion.TokenNameCompleter(),
        };
        var previous = Runspace.DefaultRunspace;
        Runspace.DefaultRunspace = runspace;
        try
        {
            var watch = Stopwatch.StartNew();
            var count = completer.CompleteArgument(ast.GetCommandName(), parameterName, word, ast, bound).Count();
            watch.Stop();
            return count >= 0 ? watch.Elapsed.TotalMilliseconds : 0;
        }
        finally
        {
            Runspace.DefaultRunspace = previous;
        }
    }

    /// <summary>A store of the current schema, its tokens and assets written with SQL (Add-VppToken would take minutes for 3,000).</summary>
    internal static void Seed(string storePath, int tokenCount, int assetCount)
    {
        VppStore.Open(StoreLocation.Resolve(storePath, null)).Dispose();
        using var connection = new SqliteConnection($"Data Source={storePath}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        var expires = DateTimeOffset.UtcNow.AddDays(200).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO tokens (token_id, name, organization_name, apple_id, country_code, account_type, automatic_app_updates, consent_given_on, " +
                "expires_on, state, secret, secret_fingerprint, created_on) VALUES ($id, $name, 'Contoso', 'vpp@contoso.com', 'FR', 'Business', 1, $now, $expires, 'Valid', x'00', $id, $now);";
            var id = command.Parameters.Add("$id", SqliteType.Integer);
            var name = command.Parameters.Add("$name", SqliteType.Text);
            command.Parameters.AddWithValue("$now", now);
            command.Parameters.AddWithValue("$expires", expires);
            for (var i = 1; i <= tokenCount; i++)
            {
                id.Value = i;
                name.Value = i % 10 == 0 ? $"Contoso {i:D4} O'Neil School" : $"Contoso {i:D4} Paris";
                command.ExecuteNonQuery();
            }
        }

        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO assets (token_id, adam_id, pricing_param, product_type, name, total_count, assigned_count, available_count, retired_count, " +
                "device_assignable, revocable, supported_platforms, confirmed_on) VALUES ($token, $adam, 'STDQ', $type, $name, 100, 10, 90, 0, 1, 1, 'iOS,macOS', $now);";
            var token = command.Parameters.Add("$token", SqliteType.Integer);
            var adam = command.Parameters.Add("$adam", SqliteType.Text);
            var type = command.Parameters.Add("$type", SqliteType.Text);
            var name = command.Parameters.Add("$name", SqliteType.Text);
            command.Parameters.AddWithValue("$now", now);
            for (var i = 1; i <= assetCount; i++)
            {
                token.Value = (i % Math.Max(tokenCount, 1)) + 1;
                adam.Value = (1_000_000_000 + i).ToString(CultureInfo.InvariantCulture);
                type.Value = i % 7 == 0 ? "Book" : "App";
                name.Value = (i % 7 == 0 ? "Book " : "App ") + i.ToString("D5", CultureInfo.InvariantCulture);
                command.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static double Round(double ms) => Math.Round(ms, 2);
}
