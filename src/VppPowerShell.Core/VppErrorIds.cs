namespace VppPowerShell.Core;

/// <summary>Stable error ids: scripts match on these, so they never change once published.</summary>
public static class VppErrorIds
{
    public const string TokenFileNotFound = "TokenFileNotFound";
    public const string TokenFileUnreadable = "TokenFileUnreadable";
    public const string TokenFileEmpty = "TokenFileEmpty";
    public const string TokenFileNotBase64 = "TokenFileNotBase64";
    public const string TokenFileNotJson = "TokenFileNotJson";
    public const string TokenFileMissingField = "TokenFileMissingField";
    public const string TokenFileInvalidExpiry = "TokenFileInvalidExpiry";
    public const string TokenExpired = "TokenExpired";
    public const string TokenAlreadyAdded = "TokenAlreadyAdded";
    public const string TokenNameInUse = "TokenNameInUse";
    public const string TokenLimitReached = "TokenLimitReached";
    public const string TokenNotFound = "TokenNotFound";
    public const string TokenOrganizationMismatch = "TokenOrganizationMismatch";
    public const string TokenSecretUnreadable = "TokenSecretUnreadable";
    public const string InvalidCountryCode = "InvalidCountryCode";
    public const string InvalidAppleId = "InvalidAppleId";
    public const string InvalidTokenName = "InvalidTokenName";
    public const string DataSharingConsentRequired = "DataSharingConsentRequired";
    public const string StorePathUnresolved = "StorePathUnresolved";
    public const string StoreFolderNotFound = "StoreFolderNotFound";
    public const string StoreFolderNotWritable = "StoreFolderNotWritable";
    public const string StoreNotSqlite = "StoreNotSqlite";
    public const string StoreSchemaTooNew = "StoreSchemaTooNew";
    public const string StoreKeyMissing = "StoreKeyMissing";
    public const string StoreKeyWrong = "StoreKeyWrong";
    public const string StoreKeyInvalid = "StoreKeyInvalid";
    public const string StoreConnectionInvalid = "StoreConnectionInvalid";
    public const string StoreUnreachable = "StoreUnreachable";

    /// <summary>The store's database connection was lost during the work (the server restarted, the session was ended).</summary>
    public const string StoreConnectionLost = "StoreConnectionLost";

    /// <summary>The store's database accepts no writes (a read-only transaction setting, a standby).</summary>
    public const string StoreReadOnly = "StoreReadOnly";

    /// <summary>The store's user lacks a permission the work needs (SQLSTATE 42501).</summary>
    public const string StorePermissionDenied = "StorePermissionDenied";
    public const string StoreNotEmpty = "StoreNotEmpty";
    public const string StoreCopyMismatch = "StoreCopyMismatch";
    public const string StoreMismatch = "StoreMismatch";
    public const string StoreNotFound = "StoreNotFound";
    public const string StoreChoiceConflict = "StoreChoiceConflict";
    public const string StoreKeyNotApplicable = "StoreKeyNotApplicable";
    public const string NoChangeGiven = "NoChangeGiven";
    public const string TextHasControlCharacter = "TextHasControlCharacter";
    public const string ImportFileHeaderUnreadable = "ImportFileHeaderUnreadable";
    public const string AssetRevokeNeedsAll = "AssetRevokeNeedsAll";
    public const string AssetPricingAmbiguous = "AssetPricingAmbiguous";
    public const string NoTargetGiven = "NoTargetGiven";
    public const string TokenFileAmbiguous = "TokenFileAmbiguous";
    public const string TokenMismatch = "TokenMismatch";

    /// <summary>A piped object none of whose properties means anything to the command.</summary>
    public const string InputNotUnderstood = "InputNotUnderstood";

    /// <summary>A row other than a token piped into a command that changes whole tokens.</summary>
    public const string InputNotAToken = "InputNotAToken";

    /// <summary>A piped row under a widening switch (-All), which only typed names and asset or token objects may scope.</summary>
    public const string PipedRowCannotWiden = "PipedRowCannotWiden";

    /// <summary>A device's license piped into Convert-VppLicense: device licenses never move.</summary>
    public const string DeviceLicenseNotConverted = "DeviceLicenseNotConverted";

    /// <summary>A member of the wrong kind for the group (a serial number for a user group, or the reverse).</summary>
    public const string MemberTypeMismatch = "MemberTypeMismatch";

    /// <summary>Remove-VppGroupMember named someone who is not in the group.</summary>
    public const string NotAGroupMember = "NotAGroupMember";
    public const string RenewalSourceAmbiguous = "RenewalSourceAmbiguous";
    public const string ConfirmationRequired = "ConfirmationRequired";
    public const string InvalidServiceUrl = "InvalidServiceUrl";
    public const string InvalidProxy = "InvalidProxy";
    public const string ProxyAuthenticationRequired = "ProxyAuthenticationRequired";
    public const string ProxyUnreachable = "ProxyUnreachable";
    public const string ProxyCannotReachApple = "ProxyCannotReachApple";
    public const string TokenDuplicateLocation = "TokenDuplicateLocation";
    public const string TokenNotUsable = "TokenNotUsable";
    public const string TokenLocationMismatch = "TokenLocationMismatch";

    // Per-target refusals of the licensing planner (business rules R-L3, R-L5, R-L7; API §15).
    public const string NoLicenseAvailable = "NoLicenseAvailable";
    public const string AvailableIntentForDevice = "AvailableIntentForDevice";
    public const string BookToDevice = "BookToDevice";
    public const string AssetNotDeviceAssignable = "AssetNotDeviceAssignable";
    public const string AssetNotRevocable = "AssetNotRevocable";
    public const string DeviceToUserMigrationRefused = "DeviceToUserMigrationRefused";
    public const string DeviceHasNoUser = "DeviceHasNoUser";
    public const string AssetNotInToken = "AssetNotInToken";
    public const string UserNotManagedHere = "UserNotManagedHere";
    public const string JobNotFound = "JobNotFound";
    public const string JobRunningElsewhere = "JobRunningElsewhere";
    public const string SyncRunningElsewhere = "SyncRunningElsewhere";
    public const string InvalidTarget = "InvalidTarget";
    public const string UserHasNoKnownDevice = "UserHasNoKnownDevice";
    public const string LegacyTokenReadOnly = "LegacyTokenReadOnly";
    public const string LegacyTokenInUseByV2 = "LegacyTokenInUseByV2";
    public const string TokenMoveIncomplete = "TokenMoveIncomplete";
    public const string TokenNotLegacy = "TokenNotLegacy";
    public const string MigrationWouldRecreateAssignments = "MigrationWouldRecreateAssignments";

    // Answers from Apple that do not fit what was asked: refused, never stored.
    public const string AppleAnswerUnexpected = "AppleAnswerUnexpected";
    public const string AppleAnswerForAnotherLocation = "AppleAnswerForAnotherLocation";
    public const string AppleDataKeptChanging = "AppleDataKeptChanging";
    public const string ApplePagingDidNotEnd = "ApplePagingDidNotEnd";
    public const string AppleDidNotConfirm = "AppleDidNotConfirm";

    // Files, groups, the simulator and Apple's answers.
    public const string AppleAnswerUnreadable = "AppleAnswerUnreadable";
    public const string AppleLegacyBatchesIncomplete = "AppleLegacyBatchesIncomplete";
    public const string AppleLegacyClientContextTooLong = "AppleLegacyClientContextTooLong";
    public const string AppleLegacyServiceUrlMissing = "AppleLegacyServiceUrlMissing";
    public const string AppleUnreachable = "AppleUnreachable";
    public const string ExportFileExists = "ExportFileExists";
    public const string ExportFolderNotFound = "ExportFolderNotFound";
    public const string GroupNameInUse = "GroupNameInUse";
    public const string GroupNotFound = "GroupNotFound";
    public const string ImportFileEmpty = "ImportFileEmpty";
    public const string ImportFileNotFound = "ImportFileNotFound";
    public const string ImportFileNotJson = "ImportFileNotJson";
    public const string SimulatorAlreadyRunning = "SimulatorAlreadyRunning";
    public const string SimulatorLegacyAccountMoved = "SimulatorLegacyAccountMoved";
    public const string SimulatorLegacyAccountNotFound = "SimulatorLegacyAccountNotFound";
    public const string SimulatorLocationNotFound = "SimulatorLocationNotFound";
}
