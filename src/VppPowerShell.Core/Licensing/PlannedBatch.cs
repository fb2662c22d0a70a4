using System.Collections.Generic;

namespace VppPowerShell.Core.Licensing;

/// <summary>One request to Apple, within its limits: assets × users, or assets × devices, never both.</summary>
public sealed class PlannedBatch
{
    internal PlannedBatch(int batchNo, BatchOperation operation, LicenseType licenseType, IReadOnlyList<PoolState> pools, IReadOnlyList<string> targets)
    {
        BatchNo = batchNo;
        Operation = operation;
        LicenseType = licenseType;
        Pools = pools;
        Targets = targets;
    }

    public int BatchNo { get; }

    public BatchOperation Operation { get; }

    public LicenseType LicenseType { get; }

    /// <summary>The assets named (none for Revoke and CreateUsers).</summary>
    public IReadOnlyList<PoolState> Pools { get; }

    public IReadOnlyList<string> Targets { get; }
}
