using System;
using System.Collections.Generic;
using System.Linq;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>
/// Everything a pipeline may change, each grant with the reason it was given (which row, or which
/// typed parameter), and the reasons rows were refused. Whatever is not granted must stay as it was.
/// </summary>
public sealed class AllowedScope
{
    private readonly List<LicenseGrant> licenses = new();
    private readonly HashSet<(StoreName, int)> removableTokens = new();
    private readonly HashSet<(StoreName, int)> editableTokens = new();
    private readonly HashSet<(StoreName, string)> removableGroups = new(new KeyComparer());
    private readonly HashSet<(StoreName, string)> addableMembers = new(new KeyComparer());
    private readonly HashSet<(StoreName, string)> removableMembers = new(new KeyComparer());
    private readonly HashSet<(StoreName, string)> writableDevices = new(new KeyComparer());
    private readonly HashSet<(StoreName, string)> resumableJobs = new(new KeyComparer());
    private readonly HashSet<(StoreName, int)> tokensActedOn = new();
    private readonly List<string> reasons = new();

    /// <summary>Why each grant was given and each row refused, in order.</summary>
    public IReadOnlyList<string> Reasons => reasons;

    /// <summary>The command may journal jobs of its own (not under -WhatIf).</summary>
    public bool NewJobs { get; private set; }

    public void Note(string reason) => reasons.Add(reason);

    public void AllowNewJobs() => NewJobs = true;

    public void AllowLicenses(LicenseGrant grant, string reason)
    {
        licenses.Add(grant);
        tokensActedOn.Add((grant.Store, grant.TokenId));
        reasons.Add($"{reason}: {grant}");
    }

    public void AllowTokenRemoval(StoreName store, int tokenId, string reason)
    {
        removableTokens.Add((store, tokenId));
        reasons.Add($"{reason}: remove TokenId {tokenId} of store {store}");
    }

    public void AllowTokenEdit(StoreName store, int tokenId, string reason)
    {
        editableTokens.Add((store, tokenId));
        reasons.Add($"{reason}: change TokenId {tokenId} of store {store}");
    }

    public void AllowGroupRemoval(StoreName store, string group, string reason)
    {
        removableGroups.Add((store, group));
        reasons.Add($"{reason}: remove group '{group}' of store {store}");
    }

    public void AllowMember(StoreName store, string group, string member, bool added, string reason)
    {
        (added ? addableMembers : removableMembers).Add((store, group + "\n" + member));
        reasons.Add($"{reason}: {(added ? "add" : "remove")} {member} {(added ? "to" : "from")} '{group}' of store {store}");
    }

    public void AllowDevice(StoreName store, string serial, string reason)
    {
        writableDevices.Add((store, serial));
        reasons.Add($"{reason}: record device {serial} in store {store}");
    }

    public void AllowResume(StoreName store, StoredJob job, string reason)
    {
        resumableJobs.Add((store, job.JobId));
        reasons.Add($"{reason}: finish job {job.JobId} of store {store}");
        if (job.TokenId is not { } tokenId) return;
        foreach (var target in job.Targets) licenses.Add(new LicenseGrant(store, tokenId, target.AdamId, target.Target, LicenseDirection.Either));
    }

    /// <summary>
    /// docs/design/architecture.md: "a command runs its own job, and taking over another one is said (and confirmed
    /// where its own change would be)". A command that acts on a token may finish that token's
    /// interrupted job when it says so; the job's own targets may then change too.
    /// </summary>
    public bool AllowTakeOver(StoreName store, StoredJob job, IEnumerable<string> said)
    {
        if (!NewJobs || job.TokenId is not { } tokenId || !tokensActedOn.Contains((store, tokenId))) return false;
        if (!said.Any(line => line.Contains(job.JobId, StringComparison.Ordinal))) return false;
        AllowResume(store, job, $"took over job {job.JobId} of a token it acts on, and said so");
        return true;
    }

    /// <summary>True when some grant lies in <paramref name="store"/>: a change there widens the scope, one elsewhere reaches another store.</summary>
    public bool Touches(StoreName store) =>
        licenses.Any(l => l.Store == store) || removableTokens.Any(t => t.Item1 == store) || editableTokens.Any(t => t.Item1 == store)
        || new[] { removableGroups, addableMembers, removableMembers, writableDevices, resumableJobs }.Any(set => set.Any(k => k.Item1 == store));

    public bool Allows(WorldChange change) => change.Kind switch
    {
        ChangeKind.AppleLicense => licenses.Any(l => l.Covers(change)),
        ChangeKind.StoredLicense => licenses.Any(l => l.Covers(change)) || (change.Removed && removableTokens.Contains((change.Store, change.TokenId!.Value))),
        ChangeKind.Token => change.Removed ? removableTokens.Contains((change.Store, change.TokenId!.Value)) : !change.Added && editableTokens.Contains((change.Store, change.TokenId!.Value)),
        ChangeKind.Group => change.Removed && removableGroups.Contains((change.Store, change.Key!)),
        ChangeKind.GroupMember => (change.Added ? addableMembers : removableMembers).Contains((change.Store, change.Key + "\n" + change.Target)),
        ChangeKind.Device => !change.Removed && writableDevices.Contains((change.Store, change.Key!)),
        ChangeKind.Job => resumableJobs.Contains((change.Store, change.Key!))
            || (change.OnlyTokenCleared && change.TokenId is { } token && removableTokens.Contains((change.Store, token))),
        ChangeKind.NewJob => NewJobs && Touches(change.Store),
        _ => false,
    };

    private sealed class KeyComparer : IEqualityComparer<(StoreName, string)>
    {
        public bool Equals((StoreName, string) x, (StoreName, string) y) => x.Item1 == y.Item1 && string.Equals(x.Item2, y.Item2, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((StoreName, string) key) => HashCode.Combine(key.Item1, StringComparer.OrdinalIgnoreCase.GetHashCode(key.Item2));
    }
}
