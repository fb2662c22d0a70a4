using System;

namespace VppPowerShell.Simulator.State;

/// <summary>The target of a control member's assignment: a user or a device, never both.</summary>
internal static class Target
{
    public static void RequireOne(string? clientUserId, string? serialNumber)
    {
        if ((clientUserId is null) == (serialNumber is null))
            throw new ArgumentException("Give exactly one of clientUserId and serialNumber.");
    }
}
