using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;

namespace VppPowerShell.Tests.Harness;

/// <summary>
/// A process that has exited and that its parent has not reaped yet (a zombie, Linux): what a worker
/// killed with kill -9 is for a moment. Its parent is `sleep`, which never waits for children.
/// </summary>
public sealed class UnreapedProcess : IDisposable
{
    private readonly Process parent;

    private UnreapedProcess(Process parent, int id)
    {
        this.parent = parent;
        Id = id;
    }

    public int Id { get; }

    /// <summary>"host:pid", as a job's owner is recorded.</summary>
    public string Owner => $"{Environment.MachineName}:{Id}";

    public static UnreapedProcess Start()
    {
        // sh starts `sleep 0` in the background, then becomes `sleep 30`: the child exits and stays unreaped.
        var parent = Process.Start(new ProcessStartInfo("sh") { ArgumentList = { "-c", "sleep 0 & exec sleep 30" } })!;
        try
        {
            var child = WaitFor(() => Directory.GetDirectories("/proc").Select(d => Path.GetFileName(d))
                .Where(name => int.TryParse(name, out _)).Select(int.Parse)
                .FirstOrDefault(pid => Stat(pid) is { } stat && stat.ParentId == parent.Id && stat.State == 'Z'));
            return new UnreapedProcess(parent, child);
        }
        catch
        {
            parent.Kill();
            parent.Dispose();
            throw;
        }
    }

    /// <summary>The state letter of /proc/&lt;pid&gt;/stat ('Z' for a zombie); null when there is no such process.</summary>
    public static char? State(int pid) => Stat(pid)?.State;

    public void Dispose()
    {
        // Its parent gone, the zombie is reaped by init.
        parent.Kill();
        parent.WaitForExit();
        parent.Dispose();
    }

    private static (char State, int ParentId)? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
            return (fields[0][0], int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static int WaitFor(Func<int> find)
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var found = find();
            if (found != 0) return found;
            Thread.Sleep(10);
        }

        throw new TimeoutException("The child of `sh -c 'sleep 0 & exec sleep 30'` never showed as a zombie.");
    }
}
