#if NET8_0_OR_GREATER
using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace VppPowerShell;

/// <summary>
/// PowerShell 7.4+: the module's private load context. Only the cmdlet assembly (VppPowerShell.dll,
/// in bin/net8.0) lives in PowerShell's default context; the engine (VppPowerShell.Core), the
/// simulator and everything they depend on (Microsoft.Data.Sqlite, SQLitePCLRaw, Polly.Core, ...)
/// load here, from bin/net8.0/dependencies, with native SQLite from its runtimes/&lt;rid&gt;/native.
/// Another module that loaded other versions of the same assemblies first (or loads them later)
/// keeps its own: neither side sees the other's copies.
/// </summary>
/// <remarks>
/// The bridge is the default context's <see cref="AssemblyLoadContext.Resolving"/> event, raised
/// when the cmdlet assembly first needs the engine or the simulator, which the default context
/// cannot find (they are not beside the cmdlet assembly). Those two names, and only those, are
/// handed to this context; their own references are then resolved by this context first. So the
/// cmdlet assembly must reference nothing but the engine, the simulator, PowerShell and the
/// framework (the module layout tests check it).
/// </remarks>
internal sealed class EngineLoadContext : AssemblyLoadContext
{
    /// <summary>The folder, beside the cmdlet assembly, that holds everything this context loads.</summary>
    public const string FolderName = "dependencies";

    /// <summary>What the cmdlet assembly itself references among the assemblies of this context.</summary>
    private static readonly string[] EntryAssemblies = { "VppPowerShell.Core", "VppPowerShell.Simulator" };

    private static readonly object Gate = new();
    private static EngineLoadContext? current;

    private readonly string folder;
    private readonly string nativeFolder;

    private EngineLoadContext(string folder)
        : base("VppPowerShell", isCollectible: false)
    {
        this.folder = folder;
        nativeFolder = Path.Combine(folder, "runtimes", RuntimeIdentifier(), "native");
    }

    /// <summary>The context, once <see cref="Register"/> found the module's dependency folder.</summary>
    public static EngineLoadContext? Current => current;

    /// <summary>The folder this context loads from.</summary>
    public string Folder => folder;

    /// <summary>
    /// Sets the context up, once per process, when the cmdlet assembly sits in a laid-out module
    /// (a dependencies folder beside it). Anywhere else (a build's output folder, a test host) the
    /// application's deps.json resolves everything and nothing is changed.
    /// </summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (current is not null) return;
            var cmdletFolder = Path.GetDirectoryName(typeof(EngineLoadContext).Assembly.Location);
            if (string.IsNullOrEmpty(cmdletFolder)) return;
            var dependencies = Path.Combine(cmdletFolder, FolderName);
            if (!Directory.Exists(dependencies)) return;

            var context = new EngineLoadContext(dependencies);
            Default.Resolving += context.ResolveEntryAssembly;
            current = context;
        }
    }

    /// <summary>
    /// The runtime identifier whose native folder fits this process: win-, osx-, linux- or
    /// linux-musl- and the process architecture. The framework's own RuntimeIdentifier can name a
    /// distribution (ubuntu.24.04-x64) that no package ships a folder for.
    /// </summary>
    internal static string RuntimeIdentifier()
    {
        var architecture = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            Architecture.Arm => "arm",
            var other => other.ToString().ToLowerInvariant(),
        };

        if (OperatingSystem.IsWindows()) return "win-" + architecture;
        if (OperatingSystem.IsMacOS()) return "osx-" + architecture;
        var runtime = RuntimeInformation.RuntimeIdentifier;
        var musl = runtime.Contains("musl", StringComparison.OrdinalIgnoreCase)
            || runtime.StartsWith("alpine", StringComparison.OrdinalIgnoreCase);
        return (musl ? "linux-musl-" : "linux-") + architecture;
    }

    /// <summary>The file names a native library may have on this operating system, most likely first.</summary>
    internal static IEnumerable<string> NativeFileNames(string name)
    {
        if (OperatingSystem.IsWindows())
        {
            if (!name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) yield return name + ".dll";
            yield return name;
            yield break;
        }

        var suffix = OperatingSystem.IsMacOS() ? ".dylib" : ".so";
        var bare = name.EndsWith(suffix, StringComparison.Ordinal);
        if (!name.StartsWith("lib", StringComparison.Ordinal)) yield return "lib" + name + (bare ? string.Empty : suffix);
        if (!bare) yield return name + suffix;
        yield return name;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = PathOf(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        // Only bare names (e_sqlite3): a path is the caller's choice, and the default search handles it.
        if (unmanagedDllName.IndexOfAny(new[] { '/', '\\' }) >= 0) return IntPtr.Zero;
        foreach (var file in NativeFileNames(unmanagedDllName))
        {
            var candidate = Path.Combine(nativeFolder, file);
            if (File.Exists(candidate)) return LoadUnmanagedDllFromPath(candidate);
        }

        return IntPtr.Zero;
    }

    private Assembly? ResolveEntryAssembly(AssemblyLoadContext context, AssemblyName assemblyName)
    {
        if (Array.IndexOf(EntryAssemblies, assemblyName.Name) < 0) return null;

        // Only a file this context can load: otherwise it would defer to the default context,
        // which would raise this event again.
        return PathOf(assemblyName) is null ? null : LoadFromAssemblyName(assemblyName);
    }

    private string? PathOf(AssemblyName assemblyName)
    {
        if (string.IsNullOrEmpty(assemblyName.Name)) return null;
        var file = assemblyName.Name + ".dll";
        var path = string.IsNullOrEmpty(assemblyName.CultureName)
            ? Path.Combine(folder, file)
            : Path.Combine(folder, assemblyName.CultureName, file);
        return File.Exists(path) ? path : null;
    }
}
#endif
