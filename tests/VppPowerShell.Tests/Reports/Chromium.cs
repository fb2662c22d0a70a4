using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace VppPowerShell.Tests.Reports;

/// <summary>
/// Headless Chromium for the report tests. Installs Debian's chromium when it is missing (CI runs as
/// root with Debian's registry; .ci/run installs it up front, so this is the fallback), then opens
/// pages offline with a fresh profile.
/// </summary>
internal static class Chromium
{
    private const string DebianPath = "/usr/bin/chromium";
    private static readonly Lazy<string> Executable = new(FindOrInstall);

    public static string Path => Executable.Value;

    /// <summary>The DOM after the page's scripts ran.</summary>
    public static string DumpDom(string htmlPath, string workFolder) =>
        Run(htmlPath, workFolder, "--dump-dom", TimeSpan.FromSeconds(60)).Output;

    /// <summary>Takes a screenshot of the page and returns the PNG's path.</summary>
    public static string Screenshot(string htmlPath, string workFolder, int width = 1280, int height = 1600)
    {
        var png = System.IO.Path.Combine(workFolder, "screenshot.png");
        var result = Run(htmlPath, workFolder, $"--screenshot={png} --window-size={width},{height} --hide-scrollbars", TimeSpan.FromSeconds(60));
        if (!File.Exists(png)) throw new InvalidOperationException("Chromium wrote no screenshot. " + result.Error);
        return png;
    }

    private static (string Output, string Error) Run(string htmlPath, string workFolder, string action, TimeSpan timeout)
    {
        var profile = System.IO.Path.Combine(workFolder, "profile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var arguments = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update " +
            "--disable-sync --disable-dev-shm-usage --disable-extensions --mute-audio " +
            $"--user-data-dir={profile} {action} {new Uri(htmlPath).AbsoluteUri}";
        return Exec(Path, arguments, timeout);
    }

    private static string FindOrInstall()
    {
        var found = Candidates().FirstOrDefault(File.Exists);
        if (found is not null) return found;
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get"))
        {
            throw new InvalidOperationException("Headless Chromium is needed to check the HTML report: install chromium, or set CHROMIUM_PATH.");
        }

        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        var update = Exec("/usr/bin/apt-get", "update", TimeSpan.FromMinutes(5), environment);
        var install = Exec("/usr/bin/apt-get", "install -y --no-install-recommends chromium", TimeSpan.FromMinutes(10), environment);
        if (!File.Exists(DebianPath))
        {
            throw new InvalidOperationException($"apt-get could not install chromium:{Environment.NewLine}{update.Error}{Environment.NewLine}{install.Output}{install.Error}");
        }

        return DebianPath;
    }

    private static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured) yield return configured;
        yield return DebianPath;
        yield return "/usr/bin/chromium-browser";
        yield return "/usr/bin/google-chrome";
    }

    private static (string Output, string Error) Exec(string file, string arguments, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish within {timeout}.");
        }

        Task.WaitAll(output, error);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} exited with {process.ExitCode}: {error.Result}");
        return (output.Result, error.Result);
    }
}
