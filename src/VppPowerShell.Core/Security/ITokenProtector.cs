namespace VppPowerShell.Core.Security;

/// <summary>Encrypts a token's secret for the store and decrypts it for use.</summary>
internal interface ITokenProtector
{
    byte[] Protect(string secret);

    string Unprotect(byte[] protectedSecret);
}
