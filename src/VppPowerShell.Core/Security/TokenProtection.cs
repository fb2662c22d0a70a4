using System;
using System.Security.Cryptography;

namespace VppPowerShell.Core.Security;

/// <summary>Chooses the protector for a store, and turns decryption failures into clear errors.</summary>
internal static class TokenProtection
{
    public static ITokenProtector ForStore(string storePath) =>
        OwnerOnlyFile.IsWindows ? new DpapiTokenProtector() : new KeyFileTokenProtector(storePath + ".key");

    public static string Reveal(ITokenProtector protector, byte[] stored, string tokenName)
    {
        try
        {
            return protector.Unprotect(stored);
        }
        catch (Exception e) when (e is CryptographicException or CryptographicSchemeException)
        {
            throw new VppException(VppErrorIds.TokenSecretUnreadable, VppErrorCategory.SecurityError,
                $"The token '{tokenName}' cannot be decrypted by this user on this machine: {e.Message}",
                target: tokenName,
                recommendedAction: $"Renew it with Set-VppToken -Name '{tokenName}' -Path <.vpptoken file>; its apps and assignments are kept.",
                innerException: e);
        }
    }
}
