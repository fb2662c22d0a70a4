using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using VppPowerShell.Core.Security;
using VppPowerShell.Core.Store;

namespace VppPowerShell.Core.Apple;

/// <summary>A token's slots on this machine: five lock files in a folder of the temp folder, one per slot.</summary>
internal sealed class FileSlots : ISharedSlots
{
    private readonly string folder;

    public FileSlots(string folder)
    {
        this.folder = folder;
    }

    /// <summary>The slots of a token, or null (in-process limit only) when the temp folder cannot hold them.</summary>
    public static FileSlots? For(string gateKey)
    {
        try
        {
            using var sha = SHA256.Create();
            var hash = BitConverter.ToString(sha.ComputeHash(Encoding.UTF8.GetBytes(gateKey))).Replace("-", string.Empty).Substring(0, 32);
            var root = Path.Combine(Path.GetTempPath(), "VppPowerShell-gates");
            if (!Directory.Exists(root)) OwnerOnlyFile.CreateDirectory(root);
            var folder = Path.Combine(root, hash);
            if (!Directory.Exists(folder)) OwnerOnlyFile.CreateDirectory(folder);
            return new FileSlots(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public IDisposable? TryTake(int slot)
    {
        try
        {
            return new FileStream(Path.Combine(folder, $"slot{slot}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
