namespace VppPowerShell;

/// <summary>
/// The store path set by Use-VppStore. It lasts as long as the module is loaded in this
/// process (every runspace of the process shares it).
/// </summary>
internal static class SessionStore
{
    public static string? DefaultPath { get; set; }
}
