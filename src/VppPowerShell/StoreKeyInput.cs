using System.Security;
using VppPowerShell.Core.Security;

namespace VppPowerShell;

/// <summary>A store key given to a cmdlet as a file (-KeyPath) or a SecureString (-Key).</summary>
internal static class StoreKeyInput
{
    /// <summary>The key, or null when neither was given. The SecureString is read only here, and never kept as text.</summary>
    public static StoreKey? From(string? keyFile, SecureString? key, string keyParameter)
    {
        if (keyFile is not null) return StoreKey.FromFile(keyFile);
        return key is null ? null : StoreKey.FromSecureString(key, $"the key given in -{keyParameter}");
    }
}
