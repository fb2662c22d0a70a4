using System.Collections.Generic;

namespace VppPowerShell.Core.Licensing;

/// <summary>A journaled request of a job: what it sends, and how far it got.</summary>
internal sealed class JobBatch
{
    public JobBatch(string jobId, int batchNo, BatchOperation operation, LicenseType licenseType, IReadOnlyList<(string AdamId, string PricingParam)> assets,
        IReadOnlyList<string> targets, string state, string? eventId)
    {
        JobId = jobId;
        BatchNo = batchNo;
        Operation = operation;
        LicenseType = licenseType;
        Assets = assets;
        Targets = targets;
        State = state;
        EventId = eventId;
    }

    public const string Pending = "Pending";
    public const string Submitted = "Submitted";
    public const string Applied = "Applied";

    public string JobId { get; }

    public int BatchNo { get; }

    public BatchOperation Operation { get; }

    public LicenseType LicenseType { get; }

    public IReadOnlyList<(string AdamId, string PricingParam)> Assets { get; }

    public IReadOnlyList<string> Targets { get; }

    /// <summary>Pending (not sent, or sent without an event id recorded), Submitted (event id recorded), Applied.</summary>
    public string State { get; }

    public string? EventId { get; }
}
