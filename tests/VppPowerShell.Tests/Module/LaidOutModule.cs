using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using VppPowerShell.Tests.Harness;

namespace VppPowerShell.Tests.Module;

/// <summary>
/// The module as build/Module.targets lays it out, built once for all layout tests in a private
/// temp folder: its own artifacts folder (away from src/*/obj, which the running test build
/// uses) and its own output root. The layout runs twice, to show a second run gives the same tree;
/// the second run is PackModule, which lays out again and then packs the module.
/// </summary>
public sealed class LaidOutModule : IDisposable
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);
    private readonly string workFolder;

    public LaidOutModule()
    {
        workFolder = Path.Combine(Path.GetTempPath(), "VppPowerShell.Layout." + Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(workFolder);
        Version = ReadVersionPrefix();
        Folder = Path.Combine(workFolder, "output", "VppPowerShell", Version);

        var watch = Stopwatch.StartNew();
        First = RunBuild("LayoutModule");
        FirstTree = First.ExitCode == 0 ? Snapshot() : new Dictionary<string, string>();
        Second = First.ExitCode == 0 ? RunBuild("PackModule") : First;
        Elapsed = watch.Elapsed;
    }

    /// <summary>The version set once in Directory.Build.props.</summary>
    public string Version { get; }

    /// <summary>output/VppPowerShell/&lt;version&gt; under the private output root.</summary>
    public string Folder { get; }

    /// <summary>output/packages/VppPowerShell.&lt;version&gt;.nupkg, written by the second run.</summary>
    public string Package => Path.Combine(workFolder, "output", "packages", $"VppPowerShell.{Version}.nupkg");

    /// <summary>output/docs: the online help pages the layout generated (they are not part of the module).</summary>
    public string GeneratedDocs => Path.Combine(workFolder, "output", "docs");

    public BuildRun First { get; }

    public BuildRun Second { get; }

    /// <summary>Relative path to SHA-256 of every file after the first run.</summary>
    public IReadOnlyDictionary<string, string> FirstTree { get; }

    public TimeSpan Elapsed { get; }

    public string PathOf(params string[] parts) => Path.Combine(new[] { Folder }.Concat(parts).ToArray());

    public string Read(params string[] parts) => File.ReadAllText(PathOf(parts));

    /// <summary>
    /// Where a framework's engine and dependencies are laid out: bin/net8.0/dependencies, which the
    /// module's private load context loads on PowerShell 7.4+, or bin/netstandard2.0 itself, beside
    /// the cmdlet assembly, for Windows PowerShell 5.1.
    /// </summary>
    public string DependencyFolder(string framework) =>
        framework == "net8.0" ? PathOf("bin", framework, EngineLoadContext.FolderName) : PathOf("bin", framework);

    public IReadOnlyList<string> RelativeFiles() =>
        Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();

    public Dictionary<string, string> Snapshot()
    {
        var tree = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in RelativeFiles())
        {
            using var stream = File.OpenRead(PathOf(file));
            tree[file] = Convert.ToHexString(SHA256.HashData(stream));
        }

        return tree;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(workFolder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string ReadVersionPrefix()
    {
        var props = XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Build.props"));
        var version = props.Descendants("VersionPrefix").Select(e => e.Value.Trim()).SingleOrDefault();
        return string.IsNullOrEmpty(version)
            ? throw new InvalidOperationException("Directory.Build.props sets no VersionPrefix.")
            : version;
    }

    /// <summary>
    /// dotnet build src/VppPowerShell/VppPowerShell.csproj -t:&lt;target&gt; -c Release, as a child
    /// process without build servers (they would outlive it and hold its output open).
    /// </summary>
    private BuildRun RunBuild(string target)
    {
        var project = Path.Combine(RepositoryPaths.Root, "src", "VppPowerShell", "VppPowerShell.csproj");
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "build", project, "-t:" + target, "-c", "Release",
                     "-p:ModuleOutputRoot=" + Path.Combine(workFolder, "output"),
                     "--artifacts-path", Path.Combine(workFolder, "artifacts"),
                     "--disable-build-servers", "-nodeReuse:false", "-tl:off", "-v:minimal",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        // The test run's own MSBuild settings must not leak into the child build.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        var watch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(BuildTimeout))
        {
            process.Kill(entireProcessTree: true);
            Append(output, $"The layout build did not finish within {BuildTimeout}.");
            return new BuildRun(-1, TextOf(output), watch.Elapsed);
        }

        process.WaitForExit(TimeSpan.FromSeconds(10));
        return new BuildRun(process.ExitCode, TextOf(output), watch.Elapsed);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    private static string TextOf(StringBuilder output)
    {
        lock (output) return output.ToString();
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return current;
        return "dotnet";
    }
}

/// <summary>One run of the layout build: its exit code, everything it printed, how long it took.</summary>
public sealed record BuildRun(int ExitCode, string Output, TimeSpan Elapsed)
{
    public string Tail(int lines = 60) => string.Join(Environment.NewLine, Output.Split('\n').TakeLast(lines));
}

/// <summary>The few things the tests read from a .psd1 without PowerShell: string and array entries.</summary>
public static class ManifestText
{
    public static string? String(string manifest, string key)
    {
        var match = Regex.Match(WithoutComments(manifest), $@"(?mi)^\s*{key}\s*=\s*['""](?<value>[^'""]*)['""]");
        return match.Success ? match.Groups["value"].Value : null;
    }

    /// <summary>The items of key = @(...), or null when the entry is missing or not an array.</summary>
    public static IReadOnlyList<string>? Array(string manifest, string key)
    {
        var match = Regex.Match(WithoutComments(manifest), $@"(?mi)^\s*{key}\s*=\s*@\((?<items>[^)]*)\)");
        if (!match.Success) return null;
        return Regex.Matches(match.Groups["items"].Value, @"'(?<item>[^']*)'|""(?<item>[^""]*)""")
            .Select(m => m.Groups["item"].Value)
            .ToList();
    }

    private static string WithoutComments(string manifest) =>
        string.Join("\n", manifest.Replace("\r\n", "\n").Split('\n').Where(l => !l.TrimStart().StartsWith('#')));
}
