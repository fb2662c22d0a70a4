using System;
using System.Collections.Concurrent;
using VppPowerShell.Core;

namespace VppPowerShell;

/// <summary>Progress from any thread, queued for the pipeline thread to write.</summary>
internal sealed class QueuedProgress : IProgress<ProgressReport>
{
    private readonly BlockingCollection<ProgressReport> queue;

    public QueuedProgress(BlockingCollection<ProgressReport> queue)
    {
        this.queue = queue;
    }

    public void Report(ProgressReport value)
    {
        if (!queue.IsAddingCompleted) queue.TryAdd(value);
    }
}
