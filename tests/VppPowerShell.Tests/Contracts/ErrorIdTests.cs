using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using VppPowerShell.Core;
using VppPowerShell.Tests.Harness;
using Xunit;

namespace VppPowerShell.Tests.Contracts;

/// <summary>Error ids are promised stable: every one the module throws is a constant of VppErrorIds, never a string written where it is thrown.</summary>
public sealed class ErrorIdTests
{
    private static readonly Regex LiteralId = new(@"(new VppException\(|\bnew\()\s*""[A-Z]\w*""\s*,\s*VppErrorCategory", RegexOptions.CultureInvariant);

    [Fact]
    public void No_source_throws_an_error_id_written_as_a_string()
    {
        var literals = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar) && !path.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar))
            .SelectMany(path => File.ReadLines(path).Select((line, index) => (path, line, index)))
            .Where(l => LiteralId.IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(RepositoryPaths.Root, l.path)}:{l.index + 1}: {l.line.Trim()}")
            .ToList();

        Assert.True(literals.Count == 0, "Error ids written as strings (add them to VppErrorIds):\n" + string.Join("\n", literals));
    }

    [Fact]
    public void Every_error_id_constant_is_its_own_name()
    {
        var constants = typeof(VppErrorIds).GetFields().Where(f => f.IsLiteral).ToList();

        Assert.All(constants, f => Assert.Equal(f.Name, (string)f.GetRawConstantValue()!));
        Assert.Equal(constants.Count, constants.Select(f => (string)f.GetRawConstantValue()!).Distinct().Count());
    }
}
