using System;
using System.Linq;
using System.Runtime.InteropServices;
using Xunit;

namespace VppPowerShell.Tests.Module;

/// <summary>
/// The pieces of the module's private load context that do not need a laid-out module: which native
/// folder it picks and which file names it tries there. The Pester suite
/// (tests/Pester/DependencyIsolation.Tests.ps1) runs the context itself in pwsh.
/// </summary>
public sealed class EngineLoadContextTests
{
    [Fact]
    public void The_runtime_identifier_names_the_operating_system_family_and_the_process_architecture()
    {
        var rid = EngineLoadContext.RuntimeIdentifier();
        var prefix = OperatingSystem.IsWindows() ? "win-" : OperatingSystem.IsMacOS() ? "osx-" : "linux-";
        Assert.StartsWith(prefix, rid, StringComparison.Ordinal);
        Assert.EndsWith("-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(), rid, StringComparison.Ordinal);

        // Never a distribution-specific identifier (ubuntu.24.04-x64): no package ships a folder for one.
        Assert.DoesNotContain(".", rid, StringComparison.Ordinal);
    }

    [Fact]
    public void Native_file_names_follow_the_platform_convention_most_likely_first()
    {
        var names = EngineLoadContext.NativeFileNames("e_sqlite3").ToList();
        var expected = OperatingSystem.IsWindows() ? "e_sqlite3.dll" : OperatingSystem.IsMacOS() ? "libe_sqlite3.dylib" : "libe_sqlite3.so";
        Assert.Equal(expected, names[0]);
        Assert.Contains("e_sqlite3", names);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());

        // A name that already has the platform's prefix and suffix is tried as it is first.
        var full = OperatingSystem.IsWindows() ? "e_sqlite3.dll" : OperatingSystem.IsMacOS() ? "libe_sqlite3.dylib" : "libe_sqlite3.so";
        Assert.Equal(full, EngineLoadContext.NativeFileNames(full).First());
    }

    [Fact]
    public void Outside_a_laid_out_module_nothing_is_set_up()
    {
        // The test host resolves the engine through its deps.json: the cmdlet assembly has no dependencies folder beside it.
        EngineLoadContext.Register();
        Assert.Null(EngineLoadContext.Current);
    }
}
