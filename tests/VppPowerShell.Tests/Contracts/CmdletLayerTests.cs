using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace VppPowerShell.Tests.Contracts;

/// <summary>
/// The cmdlet layer's folders, bottom to top: the session's store; completers and the rehearsal
/// simulator; the base cmdlets and identities of the root namespace; the commands, which nothing else uses.
/// </summary>
public sealed class CmdletLayerTests
{
    private static readonly Layers Cmdlets = new(CmdletMetadata.ModuleAssembly, "VppPowerShell",
        new[] { "Session" },
        new[] { "Completion", "Rehearsal" },
        new[] { Layers.Root },
        new[] { "Commands" });

    private readonly ITestOutputHelper output;

    public CmdletLayerTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Every_reference_points_down_the_layers() => Cmdlets.AssertHeld(output.WriteLine);
}
