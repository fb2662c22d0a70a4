using System.Collections.Generic;

namespace VppPowerShell.Core.Apple.Wire;

/// <summary>GET assets (API §5.3).</summary>
internal sealed class GetAssetsResponse : Page
{
    public List<ResponseAsset>? Assets { get; set; }

    public override int Count => Assets?.Count ?? 0;
}

internal sealed class ResponseAsset
{
    public string AdamId { get; set; } = string.Empty;

    public string? PricingParam { get; set; }

    public string? ProductType { get; set; }

    public int AssignedCount { get; set; }

    public int AvailableCount { get; set; }

    public int TotalCount { get; set; }

    public int RetiredCount { get; set; }

    public bool DeviceAssignable { get; set; }

    public bool Revocable { get; set; }

    public List<string>? SupportedPlatforms { get; set; }
}

/// <summary>GET assignments (API §5.7).</summary>
internal sealed class GetAssignmentsResponse : Page
{
    public List<Assignment>? Assignments { get; set; }

    public override int Count => Assignments?.Count ?? 0;
}

internal sealed class Assignment
{
    public string AdamId { get; set; } = string.Empty;

    public string? PricingParam { get; set; }

    public string? ClientUserId { get; set; }

    public string? SerialNumber { get; set; }
}

/// <summary>POST assets/associate and assets/disassociate (API §5.4, §5.5).</summary>
internal sealed class ManageAssetsRequest
{
    public List<AssetKey> Assets { get; set; } = new();

    public List<string>? ClientUserIds { get; set; }

    public List<string>? SerialNumbers { get; set; }
}

/// <summary>POST assets/revoke (API §5.6).</summary>
internal sealed class RevokeAssetsRequest
{
    public List<string>? ClientUserIds { get; set; }

    public List<string>? SerialNumbers { get; set; }
}
