using System;
using VppPowerShell.Core.Apple.Wire;
using VppPowerShell.Core.Store;

namespace VppPowerShell.Core.Apple;

/// <summary>
/// Who a store is to Apple: the mdmInfo it claims tokens with (API §12). Its id is the store's own
/// GUID (<see cref="StoreIdentity"/>), so two stores never pass for one another (R-T3).
/// </summary>
internal static class StoreMdmInfo
{
    private const string ProductName = "VppPowerShell";

    public static MdmInfo Of(VppStore store)
    {
        var version = typeof(StoreMdmInfo).Assembly.GetName().Version?.ToString(3) ?? "0";
        return new MdmInfo
        {
            Id = StoreIdentity.Id(store),
            Name = Truncate($"{ProductName} on {Environment.MachineName}", 100),
            Metadata = Truncate($"{ProductName} {version}", 255),
        };
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text.Substring(0, length);
}
