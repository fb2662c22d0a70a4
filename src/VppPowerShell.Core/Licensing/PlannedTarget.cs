namespace VppPowerShell.Core.Licensing;

/// <summary>The plan for one (asset, target) pair, and after the run its outcome.</summary>
public sealed class PlannedTarget
{
    internal PlannedTarget(int seq, PoolState pool, string requestedTarget, string target, LicenseType licenseType, PlannedAction action,
        string? errorId = null, string? reason = null)
    {
        Seq = seq;
        Pool = pool;
        RequestedTarget = requestedTarget;
        Target = target;
        LicenseType = licenseType;
        Action = action;
        ErrorId = errorId;
        Reason = reason;
    }

    public int Seq { get; }

    public PoolState Pool { get; }

    /// <summary>What the admin named: a serial number or a client user id.</summary>
    public string RequestedTarget { get; }

    /// <summary>Who holds the license: the serial number, or the client user id (a device's user for user licensing).</summary>
    public string Target { get; }

    public LicenseType LicenseType { get; }

    public PlannedAction Action { get; internal set; }

    public string? ErrorId { get; internal set; }

    public string? Reason { get; internal set; }

    /// <summary>A caution that does not stop the assignment (R-L4).</summary>
    public string? Warning { get; internal set; }

    /// <summary>What the device's user will see, where the enrollment is known (business rules: what a user sees).</summary>
    public string? Prompts { get; internal set; }

    /// <summary>The user must be created at Apple first (user licensing, API §5.9).</summary>
    public bool CreatesUser { get; internal set; }

    public int? BatchNo { get; internal set; }

    /// <summary>How many licenses the action changes: one for an association or disassociation, every revocable license the holder has for a revocation.</summary>
    public int Licenses { get; internal set; } = 1;

    /// <summary>The job this target is left to: another live worker's job has a change of it in hand (R-L8).</summary>
    public string? LeftToJobId { get; private set; }

    internal void LeaveTo(VppJob job)
    {
        Action = PlannedAction.None;
        LeftToJobId = job.JobId;
        Reason = $"Left to job {job.JobId}, which {job.Owner} is running and which has a change of this target in hand; see Get-VppJob -JobId {job.JobId}.";
    }

    internal void Refuse(string errorId, string reason)
    {
        Action = PlannedAction.Fail;
        ErrorId = errorId;
        Reason = reason;
    }
}
