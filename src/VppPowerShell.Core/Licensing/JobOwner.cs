using System;
using System.Diagnostics;

namespace VppPowerShell.Core.Licensing;

/// <summary>Which process runs a job ("host:pid"), and whether that process is still alive.</summary>
internal static class JobOwner
{
    public static string Current { get; } = $"{Environment.MachineName}:{CurrentProcessId()}";

    /// <summary>True when the owner is another process of this machine that has ended (or no owner is recorded).</summary>
    public static bool IsGone(string? owner) => owner != Current && !IsAlive(owner);

    public static bool IsAlive(string? owner)
    {
        if (owner is null || owner == Current) return false;
        var separator = owner.LastIndexOf(':');
        if (separator < 0 || owner.Substring(0, separator) != Environment.MachineName) return true;
        if (!int.TryParse(owner.Substring(separator + 1), out var pid)) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
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

    private static int CurrentProcessId()
    {
        using var self = Process.GetCurrentProcess();
        return self.Id;
    }
}
