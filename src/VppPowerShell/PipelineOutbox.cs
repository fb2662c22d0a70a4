using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using VppPowerShell.Core;

namespace VppPowerShell;

/// <summary>
/// What work on other threads has for the pipeline thread, which alone may write to PowerShell:
/// records (output, warnings, notes, errors, debug lines) in the order they were posted, and
/// progress, of which only the newest report of each activity is kept (older ones would only slow
/// the host down), and the last one before it ends, so that every bar is shown before it is ended.
/// </summary>
internal sealed class PipelineOutbox : IProgress<ProgressReport>, IDisposable
{
    private readonly ConcurrentQueue<Action> records = new();
    private readonly object progressGate = new();
    private readonly SemaphoreSlim posted = new(0);
    private List<ProgressReport> progress = new();

    public void Report(ProgressReport value)
    {
        lock (progressGate)
        {
            // A bar that ends before it was ever written is still drawn once, then ended.
            var index = progress.FindLastIndex(p => p.ActivityId == value.ActivityId);
            if (index >= 0 && !(value.Completed && !progress[index].Completed)) progress[index] = value;
            else progress.Add(value);
        }

        posted.Release();
    }

    /// <summary>Progress of work that sits under <paramref name="parentActivityId"/>: its top bars become that bar's children.</summary>
    public IProgress<ProgressReport> Under(int parentActivityId) => new ChildProgress(this, parentActivityId);

    /// <summary>A write for the pipeline thread to make.</summary>
    public void Post(Action write)
    {
        records.Enqueue(write);
        posted.Release();
    }

    /// <summary>Waits until something is posted, or the time is up.</summary>
    public void Wait(int milliseconds) => posted.Wait(milliseconds);

    /// <summary>
    /// On the pipeline thread: writes the progress, then the records, posted so far. The records are
    /// taken first, so every report made before a record was posted is written before that record.
    /// </summary>
    public void Deliver(Action<ProgressReport> writeProgress)
    {
        var writes = new List<Action>();
        while (records.TryDequeue(out var write)) writes.Add(write);
        List<ProgressReport> reports;
        lock (progressGate)
        {
            reports = progress;
            progress = new List<ProgressReport>();
        }

        foreach (var report in reports) writeProgress(report);
        foreach (var write in writes) write();
    }

    public void Dispose() => posted.Dispose();

    private sealed class ChildProgress : IProgress<ProgressReport>
    {
        private readonly PipelineOutbox outbox;
        private readonly int parentActivityId;

        public ChildProgress(PipelineOutbox outbox, int parentActivityId)
        {
            this.outbox = outbox;
            this.parentActivityId = parentActivityId;
        }

        public void Report(ProgressReport value) => outbox.Report(value.ParentActivityId >= 0 ? value
            : new ProgressReport(value.ActivityId, value.Activity, value.Status, value.PercentComplete, parentActivityId, value.Completed));
    }
}
