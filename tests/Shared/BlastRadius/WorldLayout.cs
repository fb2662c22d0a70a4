using System.Collections.Generic;
using System.Linq;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>
/// What every blast-radius world holds. Two stores: A with the tokens Paris (TokenId 1) and Lyon
/// (TokenId 2), B with Berlin (TokenId 1, the same id as Paris on purpose). Every location has the
/// same four assets, and the same serial numbers and client user ids hold licenses in several of
/// them, so a change that leaves its scope lands on something that looks just like its target.
/// </summary>
public static class WorldLayout
{
    public const string Pages = "361309726";
    public const string Numbers = "361309727";

    /// <summary>An app for iOS and macOS.</summary>
    public const string Keynote = "409183694";

    /// <summary>A book: user licenses only, and not revocable.</summary>
    public const string FieldGuide = "900000001";

    /// <summary>A device group of store A, assigned Keynote from Paris.</summary>
    public const string DeviceGroup = "Kiosk iPads";

    /// <summary>A user group of store A, assigned Numbers from Lyon.</summary>
    public const string UserGroup = "Teachers";

    public static IReadOnlyList<string> AdamIds { get; } = new[] { Pages, Numbers, Keynote, FieldGuide };

    public static IReadOnlyList<string> Groups { get; } = new[] { DeviceGroup, UserGroup };

    public static IReadOnlyList<LocationLayout> Locations { get; } = new[]
    {
        new LocationLayout("Paris", StoreName.A, 1, "FR", Licenses(
            (Pages, new[] { 1, 2, 3, 4 }, new[] { 1, 2 }),
            (Numbers, new[] { 1, 5 }, new[] { 1, 3 }),
            (Keynote, new[] { 2 }, new[] { 2 }),
            (FieldGuide, new int[0], new[] { 1, 4 }))),
        new LocationLayout("Lyon", StoreName.A, 2, "FR", Licenses(
            (Pages, new[] { 1, 6 }, new[] { 1, 5 }),
            (Numbers, new[] { 2, 7 }, new[] { 2 }),
            (Keynote, new int[0], new[] { 1, 6 }),
            (FieldGuide, new int[0], new[] { 5 }))),
        new LocationLayout("Berlin", StoreName.B, 1, "DE", Licenses(
            (Pages, new[] { 1, 2, 8 }, new[] { 1, 2 }),
            (Numbers, new[] { 3 }, new[] { 1, 7 }),
            (Keynote, new[] { 1 }, new[] { 3 }),
            (FieldGuide, new int[0], new[] { 1, 2 }))),
    };

    /// <summary>The device group's members (serial numbers 1, 2 and 5) and what it is assigned.</summary>
    public static GroupLayout DeviceGroupLayout { get; } = new(DeviceGroup, "Device", new[] { Serial(1), Serial(2), Serial(5) }, "Paris", Keynote);

    /// <summary>The user group's members (users 1, 2 and 5) and what it is assigned.</summary>
    public static GroupLayout UserGroupLayout { get; } = new(UserGroup, "User", new[] { User(1), User(2), User(5) }, "Lyon", Numbers);

    /// <summary>Devices recorded with their primary user (Set-VppDevice -PrimaryUser): where Convert-VppLicense may move a user's licenses.</summary>
    public static IReadOnlyList<(StoreName Store, string SerialNumber, string PrimaryUser)> Devices { get; } = new[]
    {
        (StoreName.A, Serial(1), User(1)),
        (StoreName.A, Serial(2), User(2)),
        (StoreName.A, Serial(6), User(5)),
        (StoreName.B, Serial(1), User(1)),
        (StoreName.B, Serial(3), User(3)),
        (StoreName.B, Serial(8), User(2)),
    };

    /// <summary>Jobs journaled and never run, whose process is gone: Resume-VppJob finishes them.</summary>
    public static IReadOnlyList<(string TokenName, string AdamId, string[] SerialNumbers)> InterruptedJobs { get; } = new[]
    {
        ("Lyon", Pages, new[] { Serial(3), Serial(4) }),
        ("Berlin", Numbers, new[] { Serial(4), Serial(5) }),
    };

    /// <summary>Serial numbers 1 to 8 hold licenses somewhere; 9 is nowhere.</summary>
    public static string Serial(int number) => $"C02BLAST{number:D4}";

    /// <summary>Users 1 to 7 hold licenses somewhere; 8 and 9 are nowhere.</summary>
    public static string User(int number) => $"user{number:D2}@contoso.com";

    public static LocationLayout Location(string tokenName) => Locations.Single(l => l.TokenName == tokenName);

    public static LocationLayout? Location(StoreName store, int tokenId) => Locations.SingleOrDefault(l => l.Store == store && l.TokenId == tokenId);

    private static IReadOnlyList<LicenseSeed> Licenses(params (string AdamId, int[] Serials, int[] Users)[] assets) =>
        assets.SelectMany(a => a.Serials.Select(s => new LicenseSeed(a.AdamId, Serial(s), null))
            .Concat(a.Users.Select(u => new LicenseSeed(a.AdamId, null, User(u))))).ToList();
}

/// <summary>A group of store A, its first members, and the one assignment that names it.</summary>
public sealed record GroupLayout(string Name, string MemberType, IReadOnlyList<string> Members, string TokenName, string AdamId);
