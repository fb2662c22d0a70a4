namespace VppPowerShell.Core.Security;

/// <summary>Encrypts a token's secret for the store and decrypts it for use.</summary>
internal interface ITokenProtector
{
    /// <summary>How secrets are protected, for Get-VppStore.</summary>
    string Description { get; }

    byte[] Protect(string secret);

    string Unprotect(byte[] protectedSecret);
}
