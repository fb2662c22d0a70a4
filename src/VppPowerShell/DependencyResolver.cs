#if NETSTANDARD2_0
using System;
using System.IO;
using System.Reflection;

namespace VppPowerShell;

/// <summary>
/// Windows PowerShell 5.1 has no binding redirects for modules: when a dependency asks for another
/// version of an assembly that ships beside this one, hand it ours. The module's psm1 does the same
/// for the pipeline thread; this covers the worker threads engine work runs on.
/// </summary>
internal static class DependencyResolver
{
    private static readonly string Folder = Path.GetDirectoryName(typeof(DependencyResolver).Assembly.Location)!;
    private static bool registered;

    public static void Register()
    {
        if (registered) return;
        registered = true;
        AppDomain.CurrentDomain.AssemblyResolve += Resolve;
    }

    private static Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        var candidate = Path.Combine(Folder, new AssemblyName(args.Name).Name + ".dll");
        return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
    }
}
#endif
