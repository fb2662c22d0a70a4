using System.Collections.Generic;

namespace VppPowerShell.Core.Apple.Wire;

/// <summary>GET users (API §5.8).</summary>
internal sealed class GetUsersResponse : Page
{
    public List<ResponseUser>? Users { get; set; }

    public override int Count => Users?.Count ?? 0;
}

internal sealed class ResponseUser
{
    public string ClientUserId { get; set; } = string.Empty;

    public string? Email { get; set; }

    public string? Status { get; set; }

    public string? InviteCode { get; set; }

    public string? IdHash { get; set; }
}

/// <summary>POST users/create, users/update, users/retire (API §5.9).</summary>
internal sealed class ManageUsersRequest
{
    public List<RequestUser> Users { get; set; } = new();
}

internal sealed class RequestUser
{
    public string ClientUserId { get; set; } = string.Empty;

    public string? Email { get; set; }

    public string? ManagedAppleId { get; set; }
}
