using System;
using System.IO;

namespace VppPowerShell.Tests.Harness;

/// <summary>Files of the repository the tests run from.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Module(string fileName) => Path.Combine(Root, "module", fileName);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "VppPowerShell.sln"))) return folder.FullName;
        }

        throw new InvalidOperationException("The tests run outside the repository: no VppPowerShell.sln above " + AppContext.BaseDirectory);
    }
}
