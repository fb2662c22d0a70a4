namespace VppPowerShell.Simulator.Events;

/// <summary>One user of a users/create, users/update or users/retire request (already validated).</summary>
internal sealed class RequestUser
{
    public RequestUser(string clientUserId, string? email, string? managedAppleId)
    {
        ClientUserId = clientUserId;
        Email = email;
        ManagedAppleId = managedAppleId;
    }

    public string ClientUserId { get; }
    public string? Email { get; }
    public string? ManagedAppleId { get; }
}
