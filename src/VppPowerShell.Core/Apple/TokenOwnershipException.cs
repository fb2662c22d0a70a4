namespace VppPowerShell.Core.Apple;

/// <summary>Apple reports another management system as the token's owner (API §12, R-T3).</summary>
public sealed class TokenOwnershipException : VppException
{
    public const string Id = "TokenClaimedByOtherMdm";

    public TokenOwnershipException(string ownerName, string? ownerMetadata, string? ownerId)
        : base(Id, VppErrorCategory.PermissionDenied,
            $"The token is in use by another management system: '{ownerName}'{(string.IsNullOrEmpty(ownerMetadata) ? string.Empty : $" ({ownerMetadata})")}. Work with it stopped: two systems on one token make license assignment unpredictable.",
            ownerName,
            "If that system should no longer manage this location, run Add-VppToken or Set-VppToken with -TakeControl.")
    {
        OwnerName = ownerName;
        OwnerMetadata = ownerMetadata;
        OwnerId = ownerId;
    }

    public string OwnerName { get; }

    public string? OwnerMetadata { get; }

    public string? OwnerId { get; }
}
