using System;
using System.Collections.Generic;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Events;

/// <summary>A location's events, one per accepted write request, found by <c>eventId</c>. Callers hold the location's gate.</summary>
internal sealed class EventLog
{
    private readonly Dictionary<string, EventState> _events = new Dictionary<string, EventState>(StringComparer.OrdinalIgnoreCase);

    public int Count => _events.Count;

    public EventState Add(string type, int numRequested, int numCompleted, List<Failure> failures, int pollsBeforeCompletion)
    {
        var ev = new EventState(Guid.NewGuid().ToString(), type, numRequested, numCompleted, failures, Math.Max(0, pollsBeforeCompletion));
        _events.Add(ev.Id, ev);
        return ev;
    }

    public bool TryFind(string? eventId, out EventState ev)
    {
        if (eventId != null && _events.TryGetValue(eventId, out ev!)) return true;
        ev = null!;
        return false;
    }
}
