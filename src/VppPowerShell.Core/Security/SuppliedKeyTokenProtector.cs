namespace VppPowerShell.Core.Security;

/// <summary>
/// A shared store's tokens: AES-256-CBC with HMAC-SHA256 under a key derived from the caller's
/// store key and the store's id. The database alone reveals no token.
/// </summary>
internal sealed class SuppliedKeyTokenProtector : ITokenProtector
{
    public const byte Scheme = 3;
    private readonly byte[] keys;

    public SuppliedKeyTokenProtector(StoreKey key, string storeId)
    {
        Key = key;
        keys = key.KeysFor(storeId);
    }

    public StoreKey Key { get; }

    public string Description => $"AES-256-CBC with HMAC-SHA256, store key from {Key.Source}";

    public byte[] Protect(string secret) => ProtectedSecret.WithScheme(Scheme, AesHmac.Encrypt(keys, secret));

    public string Unprotect(byte[] protectedSecret) =>
        AesHmac.Decrypt(keys, ProtectedSecret.Body(protectedSecret, Scheme), "the store key");
}
