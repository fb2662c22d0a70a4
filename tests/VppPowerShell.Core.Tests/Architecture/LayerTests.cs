using VppPowerShell.Core;
using VppPowerShell.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace VppPowerShell.Core.Tests.Architecture;

/// <summary>The engine's folders in layers, bottom to top (docs/design/architecture.md draws them).</summary>
public sealed class LayerTests
{
    public static readonly Layers Engine = new(typeof(VppException).Assembly, "VppPowerShell.Core",
        new[] { Layers.Root },
        new[] { "Text", "Security", "Leases" },
        new[] { "Store" },
        new[] { "Tokens", "ReadModels" },
        new[] { "Apple" },
        new[] { "Sync" },
        new[] { "Licensing" },
        new[] { "Reports", "Imports" },
        new[] { "Migration" });

    private readonly ITestOutputHelper output;

    public LayerTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Every_reference_points_down_the_layers() => Engine.AssertHeld(output.WriteLine);
}
