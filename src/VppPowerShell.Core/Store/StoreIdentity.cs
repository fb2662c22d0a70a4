using System;
using VppPowerShell.Core.Apple.Wire;

namespace VppPowerShell.Core.Store;

/// <summary>
/// Who this store is to Apple: the mdmInfo it claims tokens with (API §12). The id is the store's
/// own GUID, so two stores never pass for one another (R-T3).
/// </summary>
internal static class StoreIdentity
{
    public const string ProductName = "VppPowerShell";

    public static string Id(VppStore store)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = "SELECT value FROM store_info WHERE key = 'store_id';";
        return (string)command.ExecuteScalar()!;
    }

    public static MdmInfo MdmInfo(VppStore store)
    {
        var version = typeof(StoreIdentity).Assembly.GetName().Version?.ToString(3) ?? "0";
        return new MdmInfo
        {
            Id = Id(store),
            Name = Truncate($"{ProductName} on {Environment.MachineName}", 100),
            Metadata = Truncate($"{ProductName} {version}", 255),
        };
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text.Substring(0, length);
}
