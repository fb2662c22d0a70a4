namespace VppPowerShell.Core;

/// <summary>Progress of long work, as data; the cmdlet layer turns it into PowerShell progress records.</summary>
public sealed class ProgressReport
{
    public ProgressReport(int activityId, string activity, string status, int percentComplete = -1,
        int parentActivityId = -1, bool completed = false)
    {
        ActivityId = activityId;
        Activity = activity;
        Status = status;
        PercentComplete = percentComplete;
        ParentActivityId = parentActivityId;
        Completed = completed;
    }

    public int ActivityId { get; }

    public int ParentActivityId { get; }

    public string Activity { get; }

    public string Status { get; }

    public int PercentComplete { get; }

    public bool Completed { get; }

    /// <summary>The same activity, ended.</summary>
    public ProgressReport AsCompleted() => new(ActivityId, Activity, Status, 100, ParentActivityId, completed: true);

    public override string ToString() => $"{Activity}: {Status}";
}
