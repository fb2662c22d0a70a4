using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace VppPowerShell.Core.Security;

/// <summary>
/// The key a shared store encrypts tokens with, supplied by the caller: a file, a SecureString or
/// <c>VPP_STORE_KEY</c> (a runbook takes it from its vault). The database never holds it, only a
/// check value that tells a wrong key from the right one. It is never shown.
/// </summary>
public sealed class StoreKey
{
    public const string EnvironmentVariable = "VPP_STORE_KEY";
    public const int MinimumLength = 32;
    private const string CheckText = "VppPowerShell store key check";

    private readonly byte[] secret;

    private StoreKey(byte[] secret, string source)
    {
        this.secret = secret;
        Source = source;
    }

    /// <summary>Where the key came from ("VPP_STORE_KEY", "the key file /vault/vpp.key", ...): safe to show.</summary>
    public string Source { get; }

    public static StoreKey FromText(string text, string source)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length < MinimumLength)
        {
            throw new VppException(VppErrorIds.StoreKeyInvalid, VppErrorCategory.InvalidArgument,
                $"The store key from {source} is too short ({trimmed.Length} characters; at least {MinimumLength} are needed).",
                target: source,
                recommendedAction: "Use a random key of at least 32 characters, for example [Convert]::ToBase64String([Security.Cryptography.RandomNumberGenerator]::GetBytes(32)), kept in your vault.");
        }

        return new StoreKey(Encoding.UTF8.GetBytes(trimmed), source);
    }

    /// <summary>A key given as a SecureString: its text is read here only, never kept as a string.</summary>
    public static StoreKey FromSecureString(System.Security.SecureString key, string source) => FromText(SecureText.Reveal(key), source);

    public static StoreKey FromFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VppException(VppErrorIds.StoreKeyMissing, VppErrorCategory.ReadError,
                $"The store key file {path} cannot be read: {e.Message}", target: path,
                recommendedAction: "Give the path of a readable file that holds the store key.", innerException: e);
        }

        return FromText(text, $"the key file {path}");
    }

    public static StoreKey? FromEnvironment(Func<string, string?>? getEnvironment = null)
    {
        var text = (getEnvironment ?? Environment.GetEnvironmentVariable)(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(text) ? null : FromText(text!, EnvironmentVariable);
    }

    public override string ToString() => $"store key from {Source}";

    /// <summary>The 64-byte encryption and signing key for one store (its id is the salt).</summary>
    internal byte[] KeysFor(string storeId)
    {
        using var hmac = new HMACSHA256(secret);
        var salt = Encoding.UTF8.GetBytes("VppPowerShell store " + storeId);
        var keys = new byte[AesHmac.KeyLength * 2];
        Buffer.BlockCopy(hmac.ComputeHash(Concat(salt, 1)), 0, keys, 0, AesHmac.KeyLength);
        Buffer.BlockCopy(hmac.ComputeHash(Concat(salt, 2)), 0, keys, AesHmac.KeyLength, AesHmac.KeyLength);
        return keys;
    }

    /// <summary>What the store keeps to recognise this key: a MAC of a fixed text, from which the key cannot be found.</summary>
    internal string CheckFor(string storeId)
    {
        var text = Encoding.UTF8.GetBytes(CheckText);
        return Convert.ToBase64String(AesHmac.Mac(KeysFor(storeId), text, text.Length));
    }

    private static byte[] Concat(byte[] salt, byte counter)
    {
        var result = new byte[salt.Length + 1];
        Buffer.BlockCopy(salt, 0, result, 0, salt.Length);
        result[salt.Length] = counter;
        return result;
    }
}
