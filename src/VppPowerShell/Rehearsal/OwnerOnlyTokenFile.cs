using System.IO;
using System.Text;

namespace VppPowerShell.Rehearsal;

/// <summary>Writes a simulated token file that only the current user can read (0600 on Linux and macOS).</summary>
internal static class OwnerOnlyTokenFile
{
    public static void Write(string path, string content)
    {
        var bytes = new UTF8Encoding(false).GetBytes(content);
#if NET8_0_OR_GREATER
        if (!System.OperatingSystem.IsWindows())
        {
            const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            // An existing file keeps its mode when opened: narrow it before the secret goes in.
            if (File.Exists(path)) File.SetUnixFileMode(path, ownerOnly);
            using var unix = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                Share = FileShare.None,
                UnixCreateMode = ownerOnly,
            });
            unix.Write(bytes, 0, bytes.Length);
            return;
        }
#endif
        // Windows: the default temp folder is the user's own (%LOCALAPPDATA%\Temp).
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(bytes, 0, bytes.Length);
    }
}
