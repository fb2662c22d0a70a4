#if NETSTANDARD2_0
using System;
using System.IO;
using System.Reflection;
using System.Threading;

namespace VppPowerShell;

/// <summary>
/// Windows PowerShell 5.1 has no binding redirects for modules: when a dependency asks for another
/// version of an assembly that ships beside this one, hand it ours, on every thread (engine work
/// runs on worker threads, where a script-block resolver in the psm1 could not run).
/// </summary>
internal static class DependencyResolver
{
    private static readonly string Folder = Path.GetDirectoryName(typeof(DependencyResolver).Assembly.Location)!;
    private static int registered;

    /// <summary>Once per process; called on import (ModuleInitializer) and by the first cmdlet.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1) return;
        AppDomain.CurrentDomain.AssemblyResolve += Resolve;
    }

    private static Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        var candidate = Path.Combine(Folder, new AssemblyName(args.Name).Name + ".dll");
        return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
    }
}
#endif
