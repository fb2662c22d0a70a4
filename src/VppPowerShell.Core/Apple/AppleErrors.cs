using System.Collections.Generic;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Core.Apple;

/// <summary>The v2 error catalogue (API §9.2) in an admin's words. Unknown numbers get a generic entry.</summary>
public static class AppleErrors
{
    private const string Report = "Report it with the request details; the module may need an update.";

    private static readonly Dictionary<int, AppleError> Catalog = new();

    static AppleErrors()
    {
        Add(9601, "AppleNotAuthenticated", VppErrorCategory.AuthenticationError, "Apple does not accept this token.", "Renew the token with Set-VppToken -Path <new .vpptoken>.", tokenState: TokenState.Invalid);
        Add(9602, "AppleInvalidArgument", VppErrorCategory.InvalidArgument, "Apple refused an argument of the request (for example an asset this location does not own).", "Check the asset and target ids; sync the token to refresh what it owns.");
        Add(9603, "AppleInternalError", VppErrorCategory.ResourceUnavailable, "Apple's service had an internal error.", "Try again later.", retryable: true);
        Add(9609, "AppleUserNotFound", VppErrorCategory.ObjectNotFound, "Apple has no registered user with that client user id.", "Create the user first, or check the client user id.");
        Add(9621, "AppleTokenExpired", VppErrorCategory.AuthenticationError, "Apple says the token has expired.", "Download a new token from Apple Business Manager or Apple School Manager and run Set-VppToken -Path <file>.", tokenState: TokenState.Expired);
        Add(9622, "AppleTokenInvalid", VppErrorCategory.AuthenticationError, "Apple says the token is not valid (it may have been replaced, or the account's password changed).", "Download a new token and renew it with Set-VppToken -Path <file>.", tokenState: TokenState.Invalid);
        Add(9625, "AppleTokenRevoked", VppErrorCategory.AuthenticationError, "Apple says the token was revoked.", "Download a new token and renew it with Set-VppToken -Path <file>.", tokenState: TokenState.Invalid);
        Add(9634, "AppleServiceRemoved", VppErrorCategory.NotSpecified, "Apple has removed this service or feature.", "Update the VppPowerShell module.");
        Add(9646, "AppleTooManyRequests", VppErrorCategory.LimitsExceeded, "Apple is limiting this organization's requests.", "Wait a few minutes and try again.", retryable: true);
        Add(9650, "ApplePageOutOfRange", VppErrorCategory.InvalidArgument, "Apple says the page asked for is out of range.", "Run the command again.");
        Add(9700, "AppleTooManyAssets", VppErrorCategory.LimitsExceeded, "The request named more assets than Apple allows at once.", Report);
        Add(9701, "AppleTooManyUsers", VppErrorCategory.LimitsExceeded, "The request named more users than Apple allows at once.", Report);
        Add(9702, "AppleTooManyDevices", VppErrorCategory.LimitsExceeded, "The request named more devices than Apple allows at once.", Report);
        Add(9703, "AppleDuplicateAssets", VppErrorCategory.InvalidArgument, "The request named an asset twice.", Report);
        Add(9704, "AppleDuplicateUsers", VppErrorCategory.InvalidArgument, "The request named a user twice.", Report);
        Add(9705, "AppleDuplicateDevices", VppErrorCategory.InvalidArgument, "The request named a device twice.", Report);
        Add(9706, "AppleAssetNotRevocable", VppErrorCategory.InvalidOperation, "The asset's licenses cannot be revoked (books, for example).", "Leave the license with its user; it cannot be reclaimed.");
        Add(9707, "AppleAssetNotDeviceAssignable", VppErrorCategory.InvalidOperation, "The asset cannot be assigned to devices.", "Assign it to users instead (user licensing).");
        Add(9708, "AppleEventNotFound", VppErrorCategory.ObjectNotFound, "Apple does not know that event id (it may have expired).", "Sync the token to learn the outcome.");
        Add(9709, "AppleNoLicenseAvailable", VppErrorCategory.LimitsExceeded, "No license of the asset was available.", "Buy more licenses, or reclaim some (Revoke-VppLicense), then assign again.");
        Add(9710, "AppleNotificationSettingsIncomplete", VppErrorCategory.InvalidArgument, "A notification URL and its secret must be given together.", Report);
        Add(9711, "AppleNotificationSettingTooLong", VppErrorCategory.InvalidArgument, "The notification URL or secret is too long.", "Use a shorter URL or secret.");
        Add(9712, "AppleNotificationUrlInvalid", VppErrorCategory.InvalidArgument, "The notification URL is invalid or not HTTPS.", "Use an https URL.");
        Add(9713, "AppleMdmMetadataTooLong", VppErrorCategory.InvalidArgument, "The management system's metadata is too long.", Report);
        Add(9714, "AppleTooManyUsersInRequest", VppErrorCategory.LimitsExceeded, "The request named more users than Apple allows at once.", Report);
        Add(9715, "AppleDuplicateUsersInRequest", VppErrorCategory.InvalidArgument, "The request named a user twice.", Report);
        Add(9716, "AppleUserAlreadyExists", VppErrorCategory.ResourceExists, "Apple already has an active user with that client user id.", "Use the existing user.");
        Add(9717, "AppleInvalidEmail", VppErrorCategory.InvalidArgument, "Apple refused the email address.", "Correct the user's email address.");
        Add(9718, "AppleAssetsMissing", VppErrorCategory.InvalidArgument, "The request named no asset.", Report);
        Add(9719, "AppleTargetsMissing", VppErrorCategory.InvalidArgument, "The request named neither users nor devices.", Report);
        Add(9720, "AppleUsersMissing", VppErrorCategory.InvalidArgument, "The request named no user.", Report);
        Add(9721, "AppleVersionUnknown", VppErrorCategory.InvalidArgument, "Apple no longer knows the version the last sync ended at.", "Run Sync-VppToken -Full.");
        Add(9722, "AppleAuthorizationMalformed", VppErrorCategory.AuthenticationError, "Apple could not read the token sent (malformed Authorization header).", "Renew the token with its .vpptoken file unchanged (Set-VppToken -Path).", tokenState: TokenState.Invalid);
        Add(9723, "AppleMdmInfoIncomplete", VppErrorCategory.InvalidArgument, "The management system's identity was incomplete.", Report);
        Add(9724, "AppleMdmIdTooLong", VppErrorCategory.InvalidArgument, "The management system's id is too long.", Report);
        Add(9725, "AppleMdmNameTooLong", VppErrorCategory.InvalidArgument, "The management system's name is too long.", Report);
        Add(9726, "AppleMethodNotAllowed", VppErrorCategory.InvalidOperation, "Apple does not accept that HTTP method on that path.", Report);
        Add(9727, "AppleContentTypeRejected", VppErrorCategory.InvalidOperation, "Apple refused the request's content type.", Report);
        Add(9728, "AppleNotificationUrlUnreachable", VppErrorCategory.ConnectionError, "Apple could not reach the notification URL.", "Check that the URL is reachable from the internet over HTTPS.");
    }

    public static IReadOnlyCollection<AppleError> All => Catalog.Values;

    public static AppleError For(int number) =>
        Catalog.TryGetValue(number, out var known)
            ? known
            : new AppleError(number, "AppleError" + number, VppErrorCategory.NotSpecified,
                $"Apple answered with error {number}, which this version of the module does not know.", Report);

    private static void Add(int number, string id, VppErrorCategory category, string message, string action,
        bool retryable = false, TokenState? tokenState = null) =>
        Catalog[number] = new AppleError(number, id, category, message, action, retryable, tokenState);
}
