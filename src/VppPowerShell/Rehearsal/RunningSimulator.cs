using VppPowerShell.Simulator;

namespace VppPowerShell.Rehearsal;

/// <summary>The one simulator a PowerShell session may run at a time.</summary>
internal static class RunningSimulator
{
    private static readonly object Gate = new();

    public static AppleSimulator? Simulator { get; private set; }

    public static VppSimulatorSession? Session { get; private set; }

    public static void Set(AppleSimulator simulator, VppSimulatorSession session)
    {
        lock (Gate)
        {
            Simulator = simulator;
            Session = session;
        }
    }

    public static VppSimulatorSession? Stop()
    {
        lock (Gate)
        {
            var session = Session;
            Simulator?.Dispose();
            Simulator = null;
            Session = null;
            return session;
        }
    }
}
