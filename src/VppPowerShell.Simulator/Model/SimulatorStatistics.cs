using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace VppPowerShell.Simulator.Model;

/// <summary>
/// Request counters of a running simulator. Thread-safe. Endpoint keys are the method and the
/// path below <c>/mdm/v2/</c>, e.g. <c>"GET assignments"</c>, <c>"POST assets/associate"</c>;
/// the metadata lookup counts as <c>"GET lookup"</c>.
/// </summary>
public sealed class SimulatorStatistics
{
    private readonly ConcurrentDictionary<string, Counter> _byEndpoint = new ConcurrentDictionary<string, Counter>();
    private readonly ConcurrentDictionary<string, Gauge> _byToken = new ConcurrentDictionary<string, Gauge>();
    private readonly ConcurrentDictionary<string, Counter> _byPair = new ConcurrentDictionary<string, Counter>();
    private readonly Gauge _overall = new Gauge();
    private long _total;

    /// <summary>Requests received since start or the last <see cref="Reset"/>, faulted and dropped ones included.</summary>
    public long TotalRequests => Interlocked.Read(ref _total);

    /// <summary>Highest number of requests being handled at the same time.</summary>
    public int PeakInFlight => _overall.Peak;

    /// <summary>Requests being handled right now.</summary>
    public int InFlight => _overall.Current;

    /// <summary>Highest number of requests handled at the same time for one location (by its uId).</summary>
    public int PeakInFlightForToken(string uId) => _byToken.TryGetValue(uId, out var g) ? g.Peak : 0;

    /// <summary>Snapshot of the per-endpoint counts (endpoints never called are absent).</summary>
    public IReadOnlyDictionary<string, long> RequestsByEndpoint =>
        _byEndpoint.Where(p => p.Value.Value > 0).ToDictionary(p => p.Key, p => p.Value.Value);

    /// <summary>Count for one endpoint key, e.g. <c>"GET assignments"</c>; 0 when never called.</summary>
    public long Requests(string endpoint) => _byEndpoint.TryGetValue(endpoint, out var c) ? c.Value : 0;

    /// <summary>
    /// How many (asset, target) pairs accepted write requests named more than once: an association or
    /// disassociation of the same asset for the same serial number or user, or a revocation of the same
    /// target (asset "*"), sent again. 0 when nothing was sent twice.
    /// </summary>
    public int PairsSentMoreThanOnce => _byPair.Values.Count(c => c.Value > 1);

    /// <summary>(asset, target) pairs named by accepted write requests, each counted once.</summary>
    public int PairsSent => _byPair.Count(p => p.Value.Value > 0);

    /// <summary>Sets every count to zero; peaks restart from the requests in flight now.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _total, 0);
        _byPair.Clear();
        foreach (var c in _byEndpoint.Values) c.Reset();
        _overall.ResetPeak();
        foreach (var g in _byToken.Values) g.ResetPeak();
    }

    internal void Count(string endpoint)
    {
        Interlocked.Increment(ref _total);
        _byEndpoint.GetOrAdd(endpoint, _ => new Counter()).Increment();
    }

    internal void CountPairs(string operation, IEnumerable<string> adamIds, IEnumerable<string> targets)
    {
        var named = targets.ToList();
        foreach (var adamId in adamIds)
        {
            foreach (var target in named) _byPair.GetOrAdd(operation + "\n" + adamId + "\n" + target, _ => new Counter()).Increment();
        }
    }

    internal void Enter(string? uId)
    {
        _overall.Enter();
        if (uId != null) _byToken.GetOrAdd(uId, _ => new Gauge()).Enter();
    }

    internal void Leave(string? uId)
    {
        _overall.Leave();
        if (uId != null && _byToken.TryGetValue(uId, out var g)) g.Leave();
    }

    private sealed class Counter
    {
        private long _value;
        public long Value => Interlocked.Read(ref _value);
        public void Increment() => Interlocked.Increment(ref _value);
        public void Reset() => Interlocked.Exchange(ref _value, 0);
    }

    private sealed class Gauge
    {
        private int _current;
        private int _peak;
        public int Current => Volatile.Read(ref _current);
        public int Peak => Volatile.Read(ref _peak);

        public void Enter()
        {
            int now = Interlocked.Increment(ref _current);
            int seen;
            while (now > (seen = Volatile.Read(ref _peak)))
            {
                if (Interlocked.CompareExchange(ref _peak, now, seen) == seen) break;
            }
        }

        public void Leave() => Interlocked.Decrement(ref _current);

        public void ResetPeak() => Interlocked.Exchange(ref _peak, Volatile.Read(ref _current));
    }
}
