using System.Collections.Generic;

namespace VppPowerShell.Simulator.Model;

/// <summary>Apple's v2 error numbers and the texts the simulator sends (API §9.2; texts are our own).</summary>
internal static class ErrorCatalog
{
    public const int NotAuthenticated = 9601;
    public const int InvalidArgument = 9602;
    public const int InternalError = 9603;
    public const int UserNotFound = 9609;
    public const int TokenExpired = 9621;
    public const int InvalidToken = 9622;
    public const int TokenRevoked = 9625;
    public const int ServiceRemoved = 9634;
    public const int OperationNotAllowed = 9637;
    public const int TooManyRequests = 9646;
    public const int PageIndexOutOfRange = 9650;
    public const int TooManyAssets = 9700;
    public const int TooManyClientUserIds = 9701;
    public const int TooManySerialNumbers = 9702;
    public const int DuplicateAssets = 9703;
    public const int DuplicateClientUserIds = 9704;
    public const int DuplicateSerialNumbers = 9705;
    public const int AssetNotRevocable = 9706;
    public const int AssetNotDeviceAssignable = 9707;
    public const int EventNotFound = 9708;
    public const int NotEnoughLicenses = 9709;
    public const int NotificationUrlAndTokenTogether = 9710;
    public const int NotificationTooLong = 9711;
    public const int NotificationUrlInvalid = 9712;
    public const int MdmMetadataTooLong = 9713;
    public const int TooManyUsers = 9714;
    public const int DuplicateUsers = 9715;
    public const int UserAlreadyExists = 9716;
    public const int InvalidEmail = 9717;
    public const int AssetsMissing = 9718;
    public const int TargetsMissing = 9719;
    public const int UsersMissing = 9720;
    public const int InvalidVersionId = 9721;
    public const int BadAuthorizationHeader = 9722;
    public const int MdmInfoIncomplete = 9723;
    public const int MdmIdTooLong = 9724;
    public const int MdmNameTooLong = 9725;
    public const int MethodNotAllowed = 9726;
    public const int UnsupportedContentType = 9727;
    public const int NotificationUrlUnreachable = 9728;

    private static readonly Dictionary<int, string> Messages = new Dictionary<int, string>
    {
        [NotAuthenticated] = "Login required.",
        [InvalidArgument] = "Invalid argument.",
        [InternalError] = "Internal error. Please try again.",
        [UserNotFound] = "Registered user not found.",
        [TokenExpired] = "The token has expired. Download a new token.",
        [InvalidToken] = "Invalid authentication token.",
        [TokenRevoked] = "The token has been revoked.",
        [ServiceRemoved] = "This service has been removed.",
        [OperationNotAllowed] = "The token is not allowed to perform this operation.",
        [TooManyRequests] = "Too many requests for this organization. Back off and retry.",
        [PageIndexOutOfRange] = "The page index is out of range.",
        [TooManyAssets] = "Too many assets in the request.",
        [TooManyClientUserIds] = "Too many clientUserIds in the request.",
        [TooManySerialNumbers] = "Too many serialNumbers in the request.",
        [DuplicateAssets] = "Duplicate assets in the request.",
        [DuplicateClientUserIds] = "Duplicate clientUserIds in the request.",
        [DuplicateSerialNumbers] = "Duplicate serialNumbers in the request.",
        [AssetNotRevocable] = "The asset is not revocable.",
        [AssetNotDeviceAssignable] = "The asset cannot be assigned to a device.",
        [EventNotFound] = "Event not found.",
        [NotEnoughLicenses] = "Not enough licenses.",
        [NotificationUrlAndTokenTogether] = "notificationUrl and notificationAuthToken must be given together.",
        [NotificationTooLong] = "The notification URL or auth token is too long.",
        [NotificationUrlInvalid] = "The notification URL is not a valid HTTPS URL.",
        [MdmMetadataTooLong] = "mdmInfo.metadata is too long.",
        [TooManyUsers] = "Too many users in the request.",
        [DuplicateUsers] = "Duplicate users in the request.",
        [UserAlreadyExists] = "A registered user with this clientUserId already exists.",
        [InvalidEmail] = "Invalid email address.",
        [AssetsMissing] = "Give assets.",
        [TargetsMissing] = "Give clientUserIds or serialNumbers.",
        [UsersMissing] = "Give users.",
        [InvalidVersionId] = "Invalid sinceVersionId.",
        [BadAuthorizationHeader] = "The Authorization header must be 'Bearer <token>'.",
        [MdmInfoIncomplete] = "mdmInfo must have id, name and metadata.",
        [MdmIdTooLong] = "mdmInfo.id is too long.",
        [MdmNameTooLong] = "mdmInfo.name is too long.",
        [MethodNotAllowed] = "HTTP method not supported.",
        [UnsupportedContentType] = "Content type not supported.",
        [NotificationUrlUnreachable] = "The notification URL could not be reached.",
    };

    /// <summary>Every v2 number the service config lists, in order.</summary>
    public static IEnumerable<KeyValuePair<int, string>> All
    {
        get
        {
            var numbers = new List<int>(Messages.Keys);
            numbers.Sort();
            foreach (int n in numbers) yield return new KeyValuePair<int, string>(n, Messages[n]);
        }
    }

    public static string Message(int number) => Messages.TryGetValue(number, out var m) ? m : "Error.";

    /// <summary>HTTP status of a synchronous error (API §9.1).</summary>
    public static int HttpStatus(int number) => number switch
    {
        NotAuthenticated or TokenExpired or InvalidToken or TokenRevoked or BadAuthorizationHeader => 401,
        MethodNotAllowed => 405,
        ServiceRemoved => 410,
        UnsupportedContentType => 415,
        TooManyRequests => 429,
        InternalError => 500,
        _ => 400,
    };

    public static bool IsAuthError(int number) =>
        number is NotAuthenticated or TokenExpired or InvalidToken or TokenRevoked or BadAuthorizationHeader;
}
