namespace VppPowerShell.Core.Licensing;

/// <summary>A target whose change failed, as the error scripts see: its id, a category, the reason and what to do.</summary>
public static class TargetFailure
{
    /// <param name="result">The failed target.</param>
    /// <param name="name">How the target is named in the message, for example "Row 12: 361309726 -> C02...".</param>
    public static VppException For(VppTargetResult result, string name)
    {
        var errorId = result.ErrorId ?? FailureAdvice.UnknownErrorId;
        return new VppException(errorId, Category(errorId), $"{name}: {result.Reason}", result, FailureAdvice.For(errorId));
    }

    private static VppErrorCategory Category(string errorId) => errorId switch
    {
        VppErrorIds.NoLicenseAvailable => VppErrorCategory.LimitsExceeded,
        VppErrorIds.AvailableIntentForDevice or VppErrorIds.BookToDevice or VppErrorIds.InvalidTarget or VppErrorIds.DeviceHasNoUser => VppErrorCategory.InvalidArgument,
        VppErrorIds.AssetNotDeviceAssignable or VppErrorIds.AssetNotRevocable or VppErrorIds.DeviceToUserMigrationRefused => VppErrorCategory.InvalidOperation,
        _ => VppErrorCategory.NotSpecified,
    };
}
