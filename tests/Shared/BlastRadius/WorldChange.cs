namespace VppPowerShell.Tests.BlastRadius;

/// <summary>What a change touched.</summary>
public enum ChangeKind
{
    /// <summary>A license assigned or taken back at Apple.</summary>
    AppleLicense,

    /// <summary>A license in the store's copy of Apple's assignments.</summary>
    StoredLicense,

    /// <summary>A token removed, renamed, or given another country.</summary>
    Token,

    /// <summary>A group removed or created.</summary>
    Group,

    GroupMember,

    /// <summary>A device recorded or changed (Set-VppDevice).</summary>
    Device,

    /// <summary>A job that existed before changed its state or owner, or lost its token.</summary>
    Job,

    /// <summary>A job journaled by the command.</summary>
    NewJob,
}

/// <summary>
/// One difference between two snapshots of the world, with the keys the scope is checked on:
/// the store and token, the asset and the target (a serial number or a client user id) of a
/// license; the name of a group, device or job in <see cref="Key"/>.
/// </summary>
public sealed record WorldChange(ChangeKind Kind, StoreName Store, string Description)
{
    public int? TokenId { get; init; }

    public string? AdamId { get; init; }

    public string? Target { get; init; }

    /// <summary>Added (a license assigned, a member added), as opposed to removed or changed.</summary>
    public bool Added { get; init; }

    public bool Removed { get; init; }

    public string? Key { get; init; }

    /// <summary>For a job: the only change is that its token was removed from the store.</summary>
    public bool OnlyTokenCleared { get; init; }

    public override string ToString() => Description;
}
