using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace VppPowerShell.Tests.Shared;

/// <summary>
/// A real HTTP proxy for a test: a throwaway tinyproxy on 127.0.0.1 that build/proxy/start-test-proxy.sh
/// starts (installing tinyproxy with apt-get when it is missing; CI installs it up front), stopped and
/// removed on Dispose. It forwards plain HTTP to loopback targets, allows CONNECT to any port, and
/// logs every request with its target. With a user and password it requires Basic authentication
/// and answers 407 otherwise. Each instance is a proxy of its own on a port of its own, so test
/// classes can start theirs at the same time.
/// </summary>
public sealed class TestProxy : IDisposable
{
    private static readonly Regex RequestLine = new(@"Request \(file descriptor \d+\): (?<request>\S+ \S+) HTTP/", RegexOptions.Compiled);
    private static readonly Regex EstablishedLine = new(@"Established connection to host ""(?<host>[^""]*)""", RegexOptions.Compiled);

    private readonly string scripts;
    private bool disposed;

    public TestProxy(string? user = null, string? password = null)
    {
        if ((user is null) != (password is null)) throw new ArgumentException("Give both a user and a password, or neither.");
        User = user;
        Password = password;
        scripts = Path.Combine(FindRepositoryRoot(), "build", "proxy");

        // The script itself retries when another proxy takes its port between the check and the start;
        // a start that fails anyway (say, many proxies starting at once) is tried again here.
        string? error = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (TryStart(out var address, out var directory, out error))
            {
                Address = address;
                Directory = directory;
                return;
            }
        }

        throw new InvalidOperationException("The test proxy could not be started (build/proxy/start-test-proxy.sh):\n" + error);
    }

    /// <summary>The proxy's URL, http://127.0.0.1:&lt;port&gt;.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The proxy's temporary directory (config, pid file, log).</summary>
    public string Directory { get; private set; } = null!;

    public string LogPath => Path.Combine(Directory, "proxy.log");

    public string? User { get; }

    public string? Password { get; }

    /// <summary>The proxy's log, a line each.</summary>
    public IReadOnlyList<string> LogLines()
    {
        if (!File.Exists(LogPath)) return Array.Empty<string>();
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines;
    }

    /// <summary>
    /// Every request the proxy received, as "METHOD TARGET": "GET http://127.0.0.1:5000/path" or
    /// "CONNECT host:443". Requests it refused (407) are listed too; <see cref="ForwardedHosts"/> has
    /// only those it forwarded.
    /// </summary>
    public IReadOnlyList<string> Requests() =>
        LogLines().Select(l => RequestLine.Match(l)).Where(m => m.Success).Select(m => m.Groups["request"].Value).ToList();

    /// <summary>The host of every connection the proxy opened for a client, in order ("127.0.0.1").</summary>
    public IReadOnlyList<string> ForwardedHosts() =>
        LogLines().Select(l => EstablishedLine.Match(l)).Where(m => m.Success).Select(m => m.Groups["host"].Value).ToList();

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Run("stop-test-proxy.sh", new[] { Directory }, out _, out _);
    }

    private bool TryStart(out Uri address, out string directory, out string error)
    {
        address = null!;
        directory = null!;
        var dirFile = Path.Combine(Path.GetTempPath(), "vpp-proxy-dir-" + Guid.NewGuid().ToString("N"));
        try
        {
            var arguments = new List<string> { "--dir-file", dirFile };
            if (User is not null) arguments.AddRange(new[] { "--basic-auth", User + ":" + Password });
            var exitCode = Run("start-test-proxy.sh", arguments, out var stdout, out var stderr);
            error = $"exit {exitCode}\n{stderr}";
            var url = stdout.Trim();
            if (exitCode != 0 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || !File.Exists(dirFile)) return false;
            address = uri;
            directory = File.ReadAllText(dirFile).Trim();
            return true;
        }
        finally
        {
            try { File.Delete(dirFile); } catch (IOException) { }
        }
    }

    private int Run(string script, IEnumerable<string> arguments, out string stdout, out string stderr)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(scripts, script));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash could not be started");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        // Starting takes a fraction of a second; installing tinyproxy with apt-get (outside CI) takes longer.
        if (!process.WaitForExit(300_000))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            stdout = "";
            stderr = script + " did not finish in 5 minutes";
            return -1;
        }

        stdout = output.GetAwaiter().GetResult();
        stderr = errors.GetAwaiter().GetResult();
        return process.ExitCode;
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "VppPowerShell.sln"))) return folder.FullName;
        }

        throw new InvalidOperationException("The tests run outside the repository: no VppPowerShell.sln above " + AppContext.BaseDirectory);
    }
}
