namespace VppPowerShell.Core.Store;

/// <summary>The store's own GUID, written when it was created: how the store names itself to Apple and to other stores.</summary>
internal static class StoreIdentity
{
    public static string Id(VppStore store)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = "SELECT value FROM store_info WHERE key = 'store_id';";
        return (string)command.ExecuteScalar()!;
    }
}
