using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation.Runspaces;
using VppPowerShell.Simulator;

namespace VppPowerShell.Rehearsal;

/// <summary>
/// The simulators running in this process: at most one per PowerShell session (runspace), one
/// loopback server that serves every location the session started. A session's simulator stops,
/// and its token files are deleted, when the session closes, when the module is removed from it,
/// or when the process exits.
/// </summary>
internal static class RunningSimulator
{
    private static readonly object Gate = new();
    private static readonly Dictionary<Guid, SessionSimulator> BySession = new();
    private static bool exitHooked;

    /// <summary>The simulator of the current session, or null.</summary>
    public static SessionSimulator? Current
    {
        get
        {
            lock (Gate) return BySession.TryGetValue(SessionKey(), out var running) ? running : null;
        }
    }

    /// <summary>The current session's locations, in the order they started.</summary>
    public static IReadOnlyList<VppSimulatorSession> Sessions => Current?.Sessions ?? Array.Empty<VppSimulatorSession>();

    /// <summary>The current session's simulator, started on <paramref name="port"/> when it runs none yet.</summary>
    public static SessionSimulator GetOrStart(int port)
    {
        lock (Gate)
        {
            var key = SessionKey();
            if (BySession.TryGetValue(key, out var running)) return running;
            running = new SessionSimulator(AppleSimulator.Start(port: port));
            BySession.Add(key, running);
            Watch(key, Runspace.DefaultRunspace);
            if (!exitHooked)
            {
                exitHooked = true;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => StopEverywhere();
            }
            return running;
        }
    }

    /// <summary>Stops the current session's simulator (every location); returns the locations it served.</summary>
    public static IReadOnlyList<VppSimulatorSession> Stop(bool keepTokenFiles) => Stop(SessionKey(), keepTokenFiles);

    /// <summary>Forgets the current session's simulator when it serves no location any more.</summary>
    public static void StopIfEmpty()
    {
        lock (Gate)
        {
            var key = SessionKey();
            if (BySession.TryGetValue(key, out var running) && running.Sessions.Count == 0) Stop(key, keepTokenFiles: false);
        }
    }

    private static IReadOnlyList<VppSimulatorSession> Stop(Guid key, bool keepTokenFiles)
    {
        SessionSimulator? running;
        lock (Gate)
        {
            if (!BySession.TryGetValue(key, out running)) return Array.Empty<VppSimulatorSession>();
            BySession.Remove(key);
        }
        return running.StopAll(keepTokenFiles);
    }

    private static void StopEverywhere()
    {
        List<Guid> keys;
        lock (Gate) keys = BySession.Keys.ToList();
        foreach (var key in keys) Stop(key, keepTokenFiles: false);
    }

    private static Guid SessionKey() => Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;

    private static void Watch(Guid key, Runspace? runspace)
    {
        if (runspace is null) return;
        EventHandler<RunspaceStateEventArgs>? handler = null;
        handler = (_, e) =>
        {
            var state = e.RunspaceStateInfo.State;
            if (state is not (RunspaceState.Closing or RunspaceState.Closed or RunspaceState.Broken)) return;
            runspace.StateChanged -= handler;
            Stop(key, keepTokenFiles: false);
        };
        runspace.StateChanged += handler;
    }
}

/// <summary>One session's simulator and the locations (and legacy accounts) it serves.</summary>
internal sealed class SessionSimulator
{
    private readonly object gate = new();
    private readonly List<Entry> entries = new();

    public SessionSimulator(AppleSimulator simulator) => Simulator = simulator;

    public AppleSimulator Simulator { get; }

    public IReadOnlyList<VppSimulatorSession> Sessions
    {
        get { lock (gate) return entries.Select(e => e.Session).ToList(); }
    }

    public VppSimulatorSession? Find(string locationName)
    {
        lock (gate) return entries.FirstOrDefault(e => Same(e.Session.LocationName, locationName))?.Session;
    }

    public SimulatedLegacyAccount? FindLegacy(string locationName)
    {
        lock (gate) return entries.FirstOrDefault(e => e.Legacy is not null && Same(e.Session.LocationName, locationName))?.Legacy;
    }

    public void Add(VppSimulatorSession session, SimulatedLocation? location, SimulatedLegacyAccount? legacy)
    {
        lock (gate) entries.Add(new Entry(session, location, legacy));
    }

    /// <summary>Ends one location: its token is revoked at the simulator (calls answer 9625) and its file deleted.</summary>
    public VppSimulatorSession? Remove(string locationName, bool keepTokenFile)
    {
        Entry? entry;
        lock (gate)
        {
            entry = entries.FirstOrDefault(e => Same(e.Session.LocationName, locationName));
            if (entry is null) return null;
            entries.Remove(entry);
        }
        entry.Location?.RevokeToken();
        entry.Legacy?.RevokeToken();
        if (!keepTokenFile) DeleteTokenFile(entry.Session.TokenFilePath);
        return entry.Session;
    }

    public IReadOnlyList<VppSimulatorSession> StopAll(bool keepTokenFiles)
    {
        List<Entry> stopped;
        lock (gate)
        {
            stopped = entries.ToList();
            entries.Clear();
        }
        Simulator.Dispose();
        if (!keepTokenFiles)
        {
            foreach (var entry in stopped) DeleteTokenFile(entry.Session.TokenFilePath);
        }
        return stopped.Select(e => e.Session).ToList();
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static void DeleteTokenFile(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed class Entry
    {
        public Entry(VppSimulatorSession session, SimulatedLocation? location, SimulatedLegacyAccount? legacy)
        {
            Session = session;
            Location = location;
            Legacy = legacy;
        }

        public VppSimulatorSession Session { get; }

        public SimulatedLocation? Location { get; }

        public SimulatedLegacyAccount? Legacy { get; }
    }
}
