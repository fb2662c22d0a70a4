namespace VppPowerShell.Core.Licensing;

/// <summary>What an admin can do about each per-target failure, in plain words.</summary>
public static class FailureAdvice
{
    /// <summary>The id reported for a failure that was recorded without one.</summary>
    public const string UnknownErrorId = "TargetFailed";

    public static string For(string errorId) => errorId switch
    {
        VppErrorIds.NoLicenseAvailable =>
            "There were not enough free licenses. Buy more in Apple Business Manager or Apple School Manager, or free some with Remove-VppAssignment, then run Sync-VppToken and Set-VppAssignment again for these targets.",
        VppErrorIds.AvailableIntentForDevice =>
            "'Available' is for users only. Assign these devices with -Intent Required, or assign their users instead.",
        VppErrorIds.BookToDevice =>
            "Books can only go to users. Assign the book with -ClientUserId (or -LicenseType User for a device's user).",
        VppErrorIds.AssetNotDeviceAssignable =>
            "Apple does not allow this asset on devices. Use user licensing (-ClientUserId, or -LicenseType User).",
        VppErrorIds.AssetNotRevocable =>
            "This asset (a book, for example) cannot be taken back: its licenses stay with their holders. Nothing to retry.",
        VppErrorIds.DeviceToUserMigrationRefused =>
            "These users' devices hold device licenses of the asset, and device licenses cannot become user licenses. Keep device licensing for them.",
        VppErrorIds.DeviceHasNoUser =>
            "User licensing of a device needs the device's user. Set it with Set-VppDevice -SerialNumber <serial> -PrimaryUser <user>, or use device licensing.",
        VppErrorIds.UserNotManagedHere =>
            "These users were created by another management system, which this module does not touch. Manage them there, or use other users.",
        VppErrorIds.InvalidTarget =>
            "The serial numbers or user ids are not valid. Correct them in your input and run the command again.",
        VppErrorIds.AssetNotInToken =>
            "The asset is not in this token's pool. Check the token, or run Sync-VppToken if it was bought recently.",
        _ => "Read the reason, fix its cause, then run the same Set-VppAssignment or Remove-VppAssignment again: it retries only what is not done yet.",
    };
}
