using System;

namespace VppPowerShell.Core.Security;

/// <summary>The stored form of a secret: one scheme byte, then the scheme's bytes.</summary>
internal static class ProtectedSecret
{
    public static byte[] WithScheme(byte scheme, byte[] body)
    {
        var result = new byte[body.Length + 1];
        result[0] = scheme;
        Buffer.BlockCopy(body, 0, result, 1, body.Length);
        return result;
    }

    public static byte Scheme(byte[] stored) => stored.Length == 0 ? (byte)0 : stored[0];

    public static byte[] Body(byte[] stored, byte expectedScheme)
    {
        if (stored.Length < 2 || stored[0] != expectedScheme)
        {
            throw new CryptographicSchemeException(Scheme(stored), expectedScheme);
        }

        var body = new byte[stored.Length - 1];
        Buffer.BlockCopy(stored, 1, body, 0, body.Length);
        return body;
    }
}

/// <summary>A secret was protected by another scheme than this machine uses (the store moved between OSes).</summary>
internal sealed class CryptographicSchemeException : Exception
{
    public CryptographicSchemeException(byte found, byte expected)
        : base($"The secret was protected with scheme {found}; this machine uses scheme {expected}.")
    {
    }
}
