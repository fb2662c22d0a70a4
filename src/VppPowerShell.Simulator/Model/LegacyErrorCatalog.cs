using System.Collections.Generic;

namespace VppPowerShell.Simulator.Model;

/// <summary>
/// Apple's legacy (v1) error numbers and the texts the simulator sends (API §9.3; texts are our
/// own). VPPServiceConfigSrv lists them all in <c>errorCodes</c>.
/// </summary>
internal static class LegacyErrorCatalog
{
    public const int MissingArgument = 9600;
    public const int LoginRequired = 9601;
    public const int InvalidArgument = 9602;
    public const int InternalError = 9603;
    public const int ResultNotFound = 9604;
    public const int UserNotFound = 9609;
    public const int LicenseNotFound = 9610;
    public const int UrlMoved = 9617;
    public const int TokenExpired = 9621;
    public const int InvalidToken = 9622;
    public const int TokenRevoked = 9625;
    public const int TokenDoesNotMatchBatch = 9629;
    public const int NoBatchData = 9633;
    public const int ServiceRemoved = 9634;
    public const int MaintenanceMode = 9644;
    public const int TooManyRequests = 9646;

    private static readonly Dictionary<int, string> Messages = new Dictionary<int, string>
    {
        [9600] = "Missing a required argument.",
        [9601] = "Login required.",
        [9602] = "Invalid argument.",
        [9603] = "Internal error. Please try again.",
        [9604] = "Result not found.",
        [9605] = "The account's storefront is incorrect.",
        [9606] = "Error constructing the token.",
        [9607] = "The license is irrevocable.",
        [9608] = "Empty response from an internal service.",
        [9609] = "Registered user not found.",
        [9610] = "License not found.",
        [9611] = "Admin user not found.",
        [9612] = "Failed to create the claim job.",
        [9613] = "Failed to create the unclaim job.",
        [9614] = "Invalid date format.",
        [9615] = "Organization country not found.",
        [9616] = "License already assigned.",
        [9617] = "The service URL has moved. Read VPPServiceConfigSrv again.",
        [9618] = "The user is already retired.",
        [9619] = "The license is not associated.",
        [9620] = "The user is already deleted.",
        [9621] = "The token has expired. Download a new token.",
        [9622] = "Invalid authentication token.",
        [9623] = "Invalid APNs token.",
        [9624] = "The license was refunded and is no longer valid.",
        [9625] = "The sToken has been revoked.",
        [9626] = "The license is already assigned to another user.",
        [9627] = "Disassociation refused: the license was reassociated too often.",
        [9628] = "The license is not eligible for device assignment.",
        [9629] = "The sToken does not match the batch token.",
        [9630] = "Too many identical failing assign requests (already assigned).",
        [9631] = "Too many identical failing assign requests (no license available).",
        [9632] = "Too many identical license management requests.",
        [9633] = "No batch data for this batch token.",
        [9634] = "This service has been removed.",
        [9635] = "The Apple Account cannot be associated with this user.",
        [9636] = "No registered user found.",
        [9637] = "The token is not allowed to perform this operation.",
        [9638] = "The content manager has no managed organization.",
        [9641] = "The Apple Account is already associated with a registered user.",
        [9642] = "The Apple Account's store account is not set up yet.",
        [9643] = "The license is locked by a pending transfer. Try again later.",
        [9644] = "The service is in maintenance mode. Try again later.",
        [9645] = "The location is managed by Apple's built-in MDM and is read-only.",
        [9646] = "Too many requests. Back off and retry.",
        [9649] = "A page index is required with a request id.",
        [9650] = "The page index is out of range.",
        [9729] = "The server has moved. Refresh DNS.",
    };

    /// <summary>Every v1 number, ascending.</summary>
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
}
