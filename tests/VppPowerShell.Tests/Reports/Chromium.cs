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

    /// <summary>
    /// Opens the page in a frame of a harness page and, once it has loaded, runs <paramref name="script"/>
    /// against it as a reader's typing and clicks would (the page's own script handles the events);
    /// the script's body sees the page's document as <c>page</c> and returns a value or a promise of one, given back as JSON.
    /// The page keeps its own Content-Security-Policy; only the harness is allowed to reach into it.
    /// </summary>
    public static string RunInPage(string htmlPath, string workFolder, string script)
    {
        var harness = System.IO.Path.Combine(workFolder, "harness-" + Guid.NewGuid().ToString("N") + ".html");
        File.WriteAllText(harness,
            "<!DOCTYPE html><html><body><pre id=\"result\"></pre><iframe id=\"page\" style=\"width:1200px;height:900px\" src=\"" + new Uri(htmlPath).AbsoluteUri + "\"></iframe>" +
            "<script>document.getElementById('page').addEventListener('load', function () { var page = this.contentDocument; " +
            "function show(text) { document.getElementById('result').textContent = text; } " +
            "new Promise(function (resolve) { resolve((function (page) {\n" + script + "\n})(page)); })" +
            ".then(function (value) { show(JSON.stringify(value)); }, function (e) { show('error: ' + e + ' ' + (e && e.stack)); }); });</script></body></html>");
        // The virtual time budget lets timers and queued events (a details element's toggle) run before the DOM is dumped.
        var dom = Run(harness, workFolder, "--allow-file-access-from-files --virtual-time-budget=30000 --dump-dom", TimeSpan.FromSeconds(120)).Output;
        var match = System.Text.RegularExpressions.Regex.Match(dom, "<pre id=\"result\">(.*?)</pre>", System.Text.RegularExpressions.RegexOptions.Singleline);
        var result = System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
        if (!match.Success || result.Length == 0 || result.StartsWith("error: ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The script in the page failed: " + (match.Success ? result : "no result"));
        }

        return result;
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
