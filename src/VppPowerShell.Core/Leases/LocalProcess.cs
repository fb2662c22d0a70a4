using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;

namespace VppPowerShell.Core.Leases;

/// <summary>
/// Whether a process of this machine still runs. One that has exited counts as gone at once, also
/// while its parent has not reaped it yet: on Linux such a process (a zombie, state Z in
/// /proc/&lt;pid&gt;/stat) still has its id, and a worker killed with kill -9 stays one for a while.
/// </summary>
internal static class LocalProcess
{
    public static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited && !HasExitedUnreaped(processId);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>True for a Linux process that has exited and waits for its parent to reap it (Z), or is being removed (X).</summary>
    private static bool HasExitedUnreaped(int processId)
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return false;
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{processId}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone between the two looks, or not ours to read: Process has answered already.
            return false;
        }

        // "pid (name) S ...": the name may hold spaces and parentheses, so the state follows the last ')'.
        var end = stat.LastIndexOf(')');
        return end >= 0 && end + 2 < stat.Length && stat[end + 2] is 'Z' or 'X';
    }
}
