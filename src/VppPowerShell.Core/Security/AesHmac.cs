using System;
using System.Security.Cryptography;
using System.Text;

namespace VppPowerShell.Core.Security;

/// <summary>
/// AES-256-CBC then HMAC-SHA256 (encrypt-then-MAC) under a 64-byte key: the first half encrypts,
/// the second signs. The body is IV, cipher text, MAC.
/// </summary>
internal static class AesHmac
{
    public const int KeyLength = 32;
    private const int MacLength = 32;
    private const int IvLength = 16;

    public static byte[] Encrypt(byte[] keys, string secret)
    {
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
        return body;
    }

    /// <summary>Decrypts a body; <paramref name="keyName"/> names the key in the error when it does not match.</summary>
    public static string Decrypt(byte[] keys, byte[] body, string keyName)
    {
        var signedLength = body.Length - MacLength;
        if (signedLength <= IvLength)
        {
            throw new CryptographicException("The protected secret is truncated.");
        }

        var expected = Mac(keys, body, signedLength);
        if (!FixedTimeEquals(expected, body, signedLength))
        {
            throw new CryptographicException($"The protected secret does not match {keyName}.");
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

    public static byte[] Mac(byte[] keys, byte[] data, int count)
    {
        using var hmac = new HMACSHA256(Slice(keys, KeyLength, KeyLength));
        return hmac.ComputeHash(data, 0, count);
    }

    public static bool FixedTimeEquals(byte[] expected, byte[] actual, int offset)
    {
        if (actual.Length - offset < expected.Length) return false;
        var difference = 0;
        for (var i = 0; i < expected.Length; i++) difference |= expected[i] ^ actual[offset + i];
        return difference == 0;
    }

    private static byte[] Slice(byte[] source, int offset, int count)
    {
        var result = new byte[count];
        Buffer.BlockCopy(source, offset, result, 0, count);
        return result;
    }
}
