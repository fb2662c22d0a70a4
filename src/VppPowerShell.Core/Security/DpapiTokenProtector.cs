using System.Security.Cryptography;
using System.Text;

namespace VppPowerShell.Core.Security;

/// <summary>Windows: DPAPI for the current user. Only that user, on that machine, can decrypt.</summary>
internal sealed class DpapiTokenProtector : ITokenProtector
{
    public const byte Scheme = 1;
    private static readonly byte[] Entropy = Encoding.UTF8.GetBytes("VppPowerShell.LocationToken.v1");

    public string Description => "DPAPI, current user";

    public byte[] Protect(string secret)
    {
#pragma warning disable CA1416 // Chosen only on Windows.
        var sealedBytes = ProtectedData.Protect(Encoding.UTF8.GetBytes(secret), Entropy, DataProtectionScope.CurrentUser);
#pragma warning restore CA1416
        return ProtectedSecret.WithScheme(Scheme, sealedBytes);
    }

    public string Unprotect(byte[] protectedSecret)
    {
        var body = ProtectedSecret.Body(protectedSecret, Scheme);
#pragma warning disable CA1416
        return Encoding.UTF8.GetString(ProtectedData.Unprotect(body, Entropy, DataProtectionScope.CurrentUser));
#pragma warning restore CA1416
    }
}
