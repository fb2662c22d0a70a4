using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.AccessControl;
using System.Security.Principal;

namespace VppPowerShell.Core.Security;

/// <summary>Creates files and folders that only the current user can read or write.</summary>
internal static class OwnerOnlyFile
{
    public static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    /// <summary>Creates an empty owner-only file; returns false when it already exists.</summary>
    public static bool TryCreate(string path)
    {
        try
        {
            using var stream = OpenNew(path);
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }

        if (IsWindows) RestrictToCurrentUser(new FileInfo(path));
        return true;
    }

    /// <summary>Writes bytes to a new owner-only file; fails if the file exists.</summary>
    public static void WriteNew(string path, byte[] bytes)
    {
        using (var stream = OpenNew(path))
        {
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(true);
        }

        if (IsWindows) RestrictToCurrentUser(new FileInfo(path));
    }

    public static void CreateDirectory(string path)
    {
#if NET8_0_OR_GREATER
        if (!OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return;
        }
#endif
        var info = Directory.CreateDirectory(path);
        if (IsWindows) RestrictToCurrentUser(info);
    }

    private static FileStream OpenNew(string path)
    {
#if NET8_0_OR_GREATER
        if (!OperatingSystem.IsWindows())
        {
            return new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
#endif
        return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
    }

    private static void RestrictToCurrentUser(FileSystemInfo item)
    {
#pragma warning disable CA1416 // Only reached on Windows.
        var user = WindowsIdentity.GetCurrent().User!;
        if (item is FileInfo file)
        {
            var security = new FileSecurity();
            security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
            security.SetOwner(user);
            security.AddAccessRule(new FileSystemAccessRule(user, FileSystemRights.FullControl, AccessControlType.Allow));
            file.SetAccessControl(security);
        }
        else if (item is DirectoryInfo directory)
        {
            var security = new DirectorySecurity();
            security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
            security.SetOwner(user);
            security.AddAccessRule(new FileSystemAccessRule(user, FileSystemRights.FullControl,
                InheritanceFlags.ContainerInherit | InheritanceFlags.ObjectInherit, PropagationFlags.None,
                AccessControlType.Allow));
            directory.SetAccessControl(security);
        }
#pragma warning restore CA1416
    }
}
