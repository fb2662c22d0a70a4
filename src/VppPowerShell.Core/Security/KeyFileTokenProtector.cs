using System;
using System.IO;
using System.Security.Cryptography;

namespace VppPowerShell.Core.Security;

/// <summary>
/// Linux and macOS: AES-256-CBC then HMAC-SHA256 (encrypt-then-MAC) with a random key kept
/// in an owner-only file beside the store (<c>&lt;store&gt;.key</c>). The store file alone,
/// copied into a backup or a support ticket, reveals no token; the key file is as private as
/// the user's home. This mirrors DPAPI's protection on Windows.
/// </summary>
internal sealed class KeyFileTokenProtector : ITokenProtector
{
    public const byte Scheme = 2;
    private const int KeyLength = AesHmac.KeyLength;

    private readonly string keyPath;
    private byte[]? key;

    public KeyFileTokenProtector(string keyPath)
    {
        this.keyPath = keyPath;
    }

    public string Description => $"AES-256-CBC with HMAC-SHA256, owner-only key file {keyPath}";

    public byte[] Protect(string secret) => ProtectedSecret.WithScheme(Scheme, AesHmac.Encrypt(LoadOrCreateKey(), secret));

    public string Unprotect(byte[] protectedSecret)
    {
        // The scheme first: a secret from another system is that error, not a missing key file.
        var body = ProtectedSecret.Body(protectedSecret, Scheme);
        return AesHmac.Decrypt(LoadExistingKey(), body, "the key file");
    }

    private byte[] LoadOrCreateKey()
    {
        if (key is not null) return key;
        CreateKeyIfMissing();
        return LoadExistingKey();
    }

    /// <summary>
    /// Writes a new random key when there is none. The key appears whole or not at all (written
    /// aside, then renamed into place), so a reader never sees half a key. The store calls this
    /// while it holds SQLite's write lock, so only one process creates it.
    /// </summary>
    public void CreateKeyIfMissing()
    {
        if (File.Exists(keyPath)) return;
        var fresh = new byte[KeyLength * 2];
        using (var random = RandomNumberGenerator.Create()) random.GetBytes(fresh);
        var aside = keyPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        OwnerOnlyFile.WriteNew(aside, fresh);
        try
        {
            File.Move(aside, keyPath);
        }
        catch (IOException) when (File.Exists(keyPath))
        {
            // Another process placed its key first: that one is the key.
        }
        finally
        {
            if (File.Exists(aside)) File.Delete(aside);
        }
    }

    private byte[] LoadExistingKey()
    {
        if (key is not null) return key;
        if (!File.Exists(keyPath))
        {
            throw new VppException(VppErrorIds.StoreKeyMissing, VppErrorCategory.SecurityError,
                $"The key file {keyPath} that encrypts this store's tokens is missing, so the tokens cannot be decrypted.",
                target: keyPath,
                recommendedAction: "Restore the key file beside the store, or renew each token with Set-VppToken -Path <new .vpptoken>.");
        }

        var bytes = File.ReadAllBytes(keyPath);
        if (bytes.Length != KeyLength * 2)
        {
            throw new VppException(VppErrorIds.StoreKeyMissing, VppErrorCategory.SecurityError,
                $"The key file {keyPath} is damaged ({bytes.Length} bytes, expected {KeyLength * 2}).",
                target: keyPath,
                recommendedAction: "Restore the key file from a backup, or renew each token with Set-VppToken -Path <new .vpptoken>.");
        }

        key = bytes;
        return key;
    }
}
