namespace VppPowerShell.Core.ReadModels;

/// <summary>A user of a token's location at Apple (API §5.8).</summary>
public sealed class VppUser
{
    internal VppUser(int tokenId, string tokenName, string clientUserId, string? email, string status, string? inviteCode,
        string? idHash, bool managedHere)
    {
        TokenId = tokenId;
        TokenName = tokenName;
        ClientUserId = clientUserId;
        Email = email;
        Status = status;
        InviteCode = inviteCode;
        IdHash = idHash;
        ManagedHere = managedHere;
    }

    public int TokenId { get; }

    public string TokenName { get; }

    public string ClientUserId { get; }

    public string? Email { get; }

    /// <summary>Registered (invited, no Apple Account yet), Associated, Retired or Deleted.</summary>
    public string Status { get; }

    /// <summary>Present until the user accepts the invitation with an Apple Account.</summary>
    public string? InviteCode { get; }

    public string? IdHash { get; }

    /// <summary>False for users another management system created (R-T7): this store never changes them.</summary>
    public bool ManagedHere { get; }

    public override string ToString() => $"{ClientUserId} ({Status})";
}
