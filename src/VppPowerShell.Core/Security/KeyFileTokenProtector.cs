using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

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
    private const int KeyLength = 32;
    private const int MacLength = 32;
    private const int IvLength = 16;

    private readonly string keyPath;
    private byte[]? key;

    public KeyFileTokenProtector(string keyPath)
    {
        this.keyPath = keyPath;
    }

    public string Description => $"AES-256-CBC with HMAC-SHA256, owner-only key file {keyPath}";

    public byte[] Protect(string secret)
    {
        var keys = LoadOrCreateKey();
        using var aes = Aes.Create();
        aes.Key = Slice(keys, 0, KeyLength);
        aes.GenerateIV();
        aes.Mode = CipherMode.CBC;
        aes.Padding = PaddingMode.PKCS7;
        byte[] cipher;
        using (var encryptor = aes.CreateEncryptor())
        {
            var plain = Encoding.UTF8.GetBytes(secret);
            cipher = encryptor.TransformFinalBlock(plain, 0, plain.Length);
        }

        var body = new byte[IvLength + cipher.Length + MacLength];
        Buffer.BlockCopy(aes.IV, 0, body, 0, IvLength);
        Buffer.BlockCopy(cipher, 0, body, IvLength, cipher.Length);
        var mac = Mac(keys, body, IvLength + cipher.Length);
        Buffer.BlockCopy(mac, 0, body, IvLength + cipher.Length, MacLength);
        return ProtectedSecret.WithScheme(Scheme, body);
    }

    public string Unprotect(byte[] protectedSecret)
    {
        var body = ProtectedSecret.Body(protectedSecret, Scheme);
        var keys = LoadExistingKey();
        var signedLength = body.Length - MacLength;
        if (signedLength <= IvLength)
        {
            throw new CryptographicException("The protected secret is truncated.");
        }

        var expected = Mac(keys, body, signedLength);
        if (!FixedTimeEquals(expected, body, signedLength))
        {
            throw new CryptographicException("The protected secret does not match the key file.");
        }

        using var aes = Aes.Create();
        aes.Key = Slice(keys, 0, KeyLength);
        aes.IV = Slice(body, 0, IvLength);
        aes.Mode = CipherMode.CBC;
        aes.Padding = PaddingMode.PKCS7;
        using var decryptor = aes.CreateDecryptor();
        var plain = decryptor.TransformFinalBlock(body, IvLength, signedLength - IvLength);
        return Encoding.UTF8.GetString(plain);
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

    private static byte[] Mac(byte[] keys, byte[] data, int count)
    {
        using var hmac = new HMACSHA256(Slice(keys, KeyLength, KeyLength));
        return hmac.ComputeHash(data, 0, count);
    }

    private static bool FixedTimeEquals(byte[] expected, byte[] body, int offset)
    {
        var difference = 0;
        for (var i = 0; i < MacLength; i++) difference |= expected[i] ^ body[offset + i];
        return difference == 0;
    }

    private static byte[] Slice(byte[] source, int offset, int count)
    {
        var result = new byte[count];
        Buffer.BlockCopy(source, offset, result, 0, count);
        return result;
    }
}
