using VppPowerShell.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace VppPowerShell.Simulator.Tests;

public sealed class LayerTests
{
    private static readonly Layers Simulator = new(typeof(AppleSimulator).Assembly, "VppPowerShell.Simulator",
        new[] { "Http" },
        new[] { "Model" },
        new[] { "Paging" },
        new[] { "State" },
        new[] { "Json", "Listing", "Events", "Seeding", "Migration" },
        new[] { "Api" },
        new[] { Layers.Root });

    private readonly ITestOutputHelper output;

    public LayerTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Every_reference_points_down_the_layers() => Simulator.AssertHeld(output.WriteLine);
}
