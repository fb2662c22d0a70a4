#if NET8_0_OR_GREATER
using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
#endif

namespace VppPowerShell.Core.Store;

/// <summary>
/// Finds native SQLite where the module ships it: <c>runtimes/&lt;rid&gt;/native</c> beside the
/// assemblies. An application finds it through its deps.json; a PowerShell module has none, so
/// PowerShell 7 on Linux and macOS would not. Windows PowerShell loads it from the PATH entry the
/// module's psm1 adds.
/// </summary>
internal static class NativeSqlite
{
    private const string LibraryName = "e_sqlite3";

    public static void UseShippedLibrary()
    {
#if NET8_0_OR_GREATER
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // A resolver is already set (by the host or an earlier load): leave it.
        }
#endif
    }

#if NET8_0_OR_GREATER
    internal static IEnumerable<string> Candidates(string folder, string runtimeIdentifier)
    {
        var file = OperatingSystem.IsWindows() ? LibraryName + ".dll"
            : OperatingSystem.IsMacOS() ? "lib" + LibraryName + ".dylib"
            : "lib" + LibraryName + ".so";
        yield return Path.Combine(folder, "runtimes", runtimeIdentifier, "native", file);
        yield return Path.Combine(folder, file);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName) return IntPtr.Zero;
        if (NativeLibrary.TryLoad(name, assembly, searchPath, out var handle)) return handle;
        var folder = Path.GetDirectoryName(assembly.Location);
        if (string.IsNullOrEmpty(folder)) return IntPtr.Zero;
        foreach (var candidate in Candidates(folder!, RuntimeInformation.RuntimeIdentifier))
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out handle)) return handle;
        }

        return IntPtr.Zero;
    }
#endif
}
