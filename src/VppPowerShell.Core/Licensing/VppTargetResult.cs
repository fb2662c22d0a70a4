namespace VppPowerShell.Core.Licensing;

/// <summary>What a bulk change did for one (asset, target) pair.</summary>
public sealed class VppTargetResult
{
    internal VppTargetResult(string jobId, int tokenId, string adamId, string pricingParam, LicenseType licenseType, string requestedTarget,
        string target, PlannedAction action, string status, string? errorId, string? reason, string? warning, string? prompts,
        string? inviteCode)
    {
        JobId = jobId;
        TokenId = tokenId;
        AdamId = adamId;
        PricingParam = pricingParam;
        LicenseType = licenseType;
        SerialNumber = licenseType == LicenseType.Device ? target : (requestedTarget != target ? requestedTarget : null);
        ClientUserId = licenseType == LicenseType.User ? target : null;
        Action = action;
        Status = status;
        ErrorId = errorId;
        Reason = reason;
        Warning = warning;
        Prompts = prompts;
        InviteCode = inviteCode;
    }

    public string JobId { get; }

    public int TokenId { get; }

    public string AdamId { get; }

    public string PricingParam { get; }

    public LicenseType LicenseType { get; }

    public string? SerialNumber { get; }

    public string? ClientUserId { get; }

    public PlannedAction Action { get; }

    /// <summary>Assigned, Removed, Unchanged, Pending, Failed, or LeftToJob (another job has it in hand: <see cref="OtherJobId"/>).</summary>
    public string Status { get; }

    /// <summary>For a target left to another job (status LeftToJob): that job's id, for Get-VppJob -JobId.</summary>
    public string? OtherJobId { get; internal set; }

    public string? ErrorId { get; }

    public string? Reason { get; }

    public string? Warning { get; }

    public string? Prompts { get; }

    /// <summary>For a user Apple invited and who has not joined yet: the code of the invitation to send them (API §5.9).</summary>
    public string? InviteCode { get; }

    public override string ToString() => $"{AdamId} -> {SerialNumber ?? ClientUserId}: {Status}{((ErrorId ?? OtherJobId) is { } id ? " (" + id + ")" : string.Empty)}";
}
