namespace VppPowerShell.Simulator.State;

internal enum UserStatus : byte
{
    Registered,
    Associated,
    Retired,
    Deleted,
}

internal static class UserStatusText
{
    /// <summary>The <c>status</c> of a user record, the same on v1 and v2.</summary>
    public static string ToWireText(this UserStatus status) => status switch
    {
        UserStatus.Registered => "Registered",
        UserStatus.Associated => "Associated",
        UserStatus.Retired => "Retired",
        _ => "Deleted",
    };
}
