using System.Collections.Generic;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Core.Apple.Legacy;

/// <summary>
/// The legacy (v1) error catalogue (API §9.3) in an admin's words. Every id starts with
/// <c>AppleLegacy</c>, so it never collides with a v2 id of <see cref="AppleErrors"/> for the same
/// number. Unknown numbers get a generic entry (<c>AppleLegacyError&lt;number&gt;</c>).
/// </summary>
public static class LegacyAppleErrors
{
    private const string Report = "Report it with the request details; the module may need an update.";
    private const string RetryLater = "Wait a few minutes and run the command again.";
    private const string RenewToken = "Download a new token for the legacy VPP account (or its location) and use it instead.";
    private const string NotForReads = "The migration reads never send this; report it with the request details.";

    private static readonly Dictionary<int, AppleError> Catalog = new();

    static LegacyAppleErrors()
    {
        Add(9600, "AppleLegacyMissingArgument", VppErrorCategory.InvalidArgument, "Apple's legacy service says a required argument was missing.", Report);
        Add(9601, "AppleLegacyLoginRequired", VppErrorCategory.AuthenticationError, "Apple's legacy service does not accept this token (login required).", RenewToken, tokenState: TokenState.Invalid);
        Add(9602, "AppleLegacyInvalidArgument", VppErrorCategory.InvalidArgument, "Apple's legacy service refused an argument of the request (or a batch limit was exceeded).", Report);
        Add(9603, "AppleLegacyInternalError", VppErrorCategory.ResourceUnavailable, "Apple's legacy service had an internal error.", "Try again later.", retryable: true);
        Add(9604, "AppleLegacyResultNotFound", VppErrorCategory.ObjectNotFound, "Apple's legacy service found no result.", "Check the ids given, then run the command again.");
        Add(9605, "AppleLegacyStorefrontIncorrect", VppErrorCategory.InvalidOperation, "Apple says the legacy account's storefront (country) is incorrect.", "Check the account's country in Apple Business Manager or Apple School Manager.");
        Add(9606, "AppleLegacyTokenConstructionFailed", VppErrorCategory.ResourceUnavailable, "Apple could not construct a token for the legacy account.", RetryLater);
        Add(9607, "AppleLegacyLicenseIrrevocable", VppErrorCategory.InvalidOperation, "The license is irrevocable (books, for example).", "Leave the license with its user; it cannot be reclaimed.");
        Add(9608, "AppleLegacyEmptyInternalResponse", VppErrorCategory.ResourceUnavailable, "Apple's legacy service got an empty answer from one of its own services.", "Try again later.", retryable: true);
        Add(9609, "AppleLegacyUserNotFound", VppErrorCategory.ObjectNotFound, "Apple has no registered user with that id in the legacy account.", "Check the user id or client user id.");
        Add(9610, "AppleLegacyLicenseNotFound", VppErrorCategory.ObjectNotFound, "Apple found no such license in the legacy account.", "Read the account's licenses again; it may have moved or been refunded.");
        Add(9611, "AppleLegacyAdminNotFound", VppErrorCategory.ObjectNotFound, "Apple found no administrator for the legacy account.", RenewToken);
        Add(9612, "AppleLegacyClaimJobFailed", VppErrorCategory.ResourceUnavailable, "Apple could not create the license claim job.", RetryLater);
        Add(9613, "AppleLegacyUnclaimJobFailed", VppErrorCategory.ResourceUnavailable, "Apple could not create the license unclaim job.", RetryLater);
        Add(9614, "AppleLegacyInvalidDate", VppErrorCategory.InvalidArgument, "Apple's legacy service refused a date format.", Report);
        Add(9615, "AppleLegacyCountryNotFound", VppErrorCategory.ObjectNotFound, "Apple found no country for the legacy account's organization.", "Check the organization's country in Apple Business Manager or Apple School Manager.");
        Add(9616, "AppleLegacyLicenseAlreadyAssigned", VppErrorCategory.ResourceExists, "The user or device already has a license of this asset.", "Nothing to do: the assignment already exists.");
        Add(9617, "AppleLegacyUrlMoved", VppErrorCategory.ResourceUnavailable, "Apple moved a legacy service URL.", "Run the command again; the module re-reads Apple's service configuration.");
        Add(9618, "AppleLegacyUserAlreadyRetired", VppErrorCategory.InvalidOperation, "The user is already retired in the legacy account.", "Nothing to do.");
        Add(9619, "AppleLegacyLicenseNotAssociated", VppErrorCategory.InvalidOperation, "The license is not assigned to anyone.", "Nothing to do.");
        Add(9620, "AppleLegacyUserAlreadyDeleted", VppErrorCategory.InvalidOperation, "The user is already deleted in the legacy account.", "Nothing to do.");
        Add(9621, "AppleLegacyTokenExpired", VppErrorCategory.AuthenticationError, "Apple says the legacy token has expired.", RenewToken, tokenState: TokenState.Expired);
        Add(9622, "AppleLegacyTokenInvalid", VppErrorCategory.AuthenticationError, "Apple says the legacy token is not valid (it may have been replaced, or the account's password changed).", RenewToken, tokenState: TokenState.Invalid);
        Add(9623, "AppleLegacyApnsTokenInvalid", VppErrorCategory.InvalidArgument, "Apple refused the push notification token.", Report);
        Add(9624, "AppleLegacyLicenseRefunded", VppErrorCategory.InvalidOperation, "The license was refunded and is no longer valid.", "Read the account's licenses again.");
        Add(9625, "AppleLegacyTokenRevoked", VppErrorCategory.AuthenticationError, "Apple says the legacy token was revoked (for example after the account moved to an Apps and Books location).", "Use the location's token (Apple Business Manager or Apple School Manager) instead of the legacy one.", tokenState: TokenState.Invalid);
        Add(9626, "AppleLegacyLicenseAssignedToAnotherUser", VppErrorCategory.ResourceExists, "The license is already assigned to another user.", "Try again with another license.");
        Add(9627, "AppleLegacyDisassociationRefused", VppErrorCategory.LimitsExceeded, "Apple refused to take the license back: it was reassigned too often.", RetryLater);
        Add(9628, "AppleLegacyNotDeviceAssignable", VppErrorCategory.InvalidOperation, "The license cannot be assigned to a device.", "Assign it to a user instead (user licensing).");
        Add(9629, "AppleLegacyTokenBatchMismatch", VppErrorCategory.InvalidOperation, "Apple says the batch being read belongs to another token.", "Run the command again from the start.");
        Add(9630, "AppleLegacyRepeatedAssignAlreadyAssigned", VppErrorCategory.LimitsExceeded, "Apple refused a repeated assignment that already failed (already assigned).", "Nothing to do: the assignment already exists.");
        Add(9631, "AppleLegacyRepeatedAssignNoLicense", VppErrorCategory.LimitsExceeded, "Apple refused a repeated assignment that already failed (no license available).", "Buy or free licenses before assigning again.");
        Add(9632, "AppleLegacyRepeatedManageRequest", VppErrorCategory.LimitsExceeded, "Apple refused an identical license request repeated within minutes.", RetryLater);
        Add(9633, "AppleLegacyBatchDataMissing", VppErrorCategory.InvalidOperation, "Apple no longer has the batch being read (the batch token expired).", "Run the command again from the start.");
        Add(9634, "AppleLegacyServiceRemoved", VppErrorCategory.NotSpecified, "Apple has removed this legacy service.", "Update the VppPowerShell module.");
        Add(9635, "AppleLegacyAppleAccountNotAssociable", VppErrorCategory.InvalidOperation, "The Apple Account cannot be associated with this user (not found, or another organization's).", "Check the user's Apple Account.");
        Add(9636, "AppleLegacyNoRegisteredUser", VppErrorCategory.ObjectNotFound, "Apple found no registered user.", "Check the client user id.");
        Add(9637, "AppleLegacyOperationNotAllowed", VppErrorCategory.PermissionDenied, "The legacy token is not allowed to do this (a read-only or facilitator account's token).", "Use a token downloaded by an account allowed to manage licenses.");
        Add(9638, "AppleLegacyNoManagedOrganization", VppErrorCategory.InvalidOperation, "The content manager has no managed organization.", "Check the account in Apple Business Manager or Apple School Manager.");
        Add(9641, "AppleLegacyAppleAccountAlreadyAssociated", VppErrorCategory.ResourceExists, "The Apple Account is already associated with another registered user.", "Check the user's Apple Account.");
        Add(9642, "AppleLegacyStoreAccountNotSetUp", VppErrorCategory.InvalidOperation, "The Apple Account is a VPP manager whose store account is not set up yet.", "Finish setting up the account, then run the command again.");
        Add(9643, "AppleLegacyLicenseLocked", VppErrorCategory.ResourceUnavailable, "The license is locked by a pending transfer.", RetryLater);
        Add(9644, "AppleLegacyMaintenance", VppErrorCategory.ResourceUnavailable, "Apple's legacy service is in maintenance mode.", "Try again later.", retryable: true);
        Add(9645, "AppleLegacyReadOnlyLocation", VppErrorCategory.PermissionDenied, "The location is managed by Apple's built-in management and is read-only.", "Manage it there, or move it to this system in Apple Business Manager or Apple School Manager.");
        Add(9646, "AppleLegacyTooManyRequests", VppErrorCategory.LimitsExceeded, "Apple is limiting this organization's requests to the legacy service.", "Wait a few minutes and try again.", retryable: true);
        Add(9649, "AppleLegacyPageIndexRequired", VppErrorCategory.InvalidArgument, "Apple needs a page index with a request id.", NotForReads);
        Add(9650, "AppleLegacyPageOutOfRange", VppErrorCategory.InvalidArgument, "Apple says the page asked for is out of range.", "Run the command again.");
        Add(9729, "AppleLegacyServerMoved", VppErrorCategory.ConnectionError, "Apple moved the legacy service to another server.", "Flush the DNS cache of this machine and run the command again.");
    }

    /// <summary>Every known v1 number's entry.</summary>
    public static IReadOnlyCollection<AppleError> All => Catalog.Values;

    /// <summary>The entry for a v1 error number; unknown numbers (Apple adds some) get a generic one.</summary>
    public static AppleError For(int number) =>
        Catalog.TryGetValue(number, out var known)
            ? known
            : new AppleError(number, "AppleLegacyError" + number, VppErrorCategory.NotSpecified,
                $"Apple's legacy service answered with error {number}, which this version of the module does not know.", Report);

    private static void Add(int number, string id, VppErrorCategory category, string message, string action,
        bool retryable = false, TokenState? tokenState = null) =>
        Catalog[number] = new AppleError(number, id, category, message, action, retryable, tokenState);
}
