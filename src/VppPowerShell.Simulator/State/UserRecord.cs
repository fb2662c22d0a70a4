namespace VppPowerShell.Simulator.State;

/// <summary>One user record, v1 or v2: a clientUserId may have several (retired ones plus at most one active).</summary>
internal abstract class UserRecord
{
    public UserStatus Status;
    public string? Email;
    public string? ManagedAppleId;
    /// <summary>Stored when known; a seeded Associated user derives one on output (<see cref="UserIdentifiers"/>).</summary>
    public string? IdHash;
    public bool HadAppleAccount;
    /// <summary>The version of the record's last change (v2: users data set; v1: account).</summary>
    public long Version;

    public bool IsActive => Status == UserStatus.Registered || Status == UserStatus.Associated;

    /// <summary>Whether the record shows an idHash (v2 <c>idHash</c>, v1 <c>itsIdHash</c>).</summary>
    public bool HasIdHash => Status == UserStatus.Associated || HadAppleAccount;

    /// <summary>The user signed in with an Apple Account (invitation accepted or managed Apple Account given).</summary>
    public void Associate(string idHash)
    {
        Status = UserStatus.Associated;
        HadAppleAccount = true;
        IdHash = idHash;
    }
}

/// <summary>A location's user record; its clientUserId is interned (<see cref="LocationState.Cids"/>).</summary>
internal sealed class LocationUserRecord : UserRecord
{
    public int Cid;
}

/// <summary>A legacy account's user record; its userId is the account's user id base plus its index.</summary>
internal sealed class LegacyUserRecord : UserRecord
{
    public string ClientUserId = string.Empty;
}
