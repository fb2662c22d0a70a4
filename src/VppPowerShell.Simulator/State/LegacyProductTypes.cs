namespace VppPowerShell.Simulator.State;

/// <summary>Apple's v1 product types (API §13.3).</summary>
internal static class LegacyProductTypes
{
    public const int MacSoftware = 7;
    public const int Application = 8;
    public const int Book = 10;

    public static string Name(int id) => id switch
    {
        MacSoftware => "Software",
        Application => "Application",
        Book => "Publication",
        _ => "Product " + id.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string[] Platforms(int id) => id switch
    {
        MacSoftware => new[] { "macOS" },
        Book => new[] { "iOS", "macOS" },
        _ => new[] { "iOS" },
    };
}
