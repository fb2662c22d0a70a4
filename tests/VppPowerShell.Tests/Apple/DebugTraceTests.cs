using System.Linq;
using VppPowerShell.Core.Store;
using VppPowerShell.Simulator;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Licensing;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Apple;

/// <summary>-Debug traces every call to Apple; -Verbose stays a summary; the token is in neither.</summary>
public sealed class DebugTraceTests
{
    [Theory, SqliteStore, PostgresStore]
    public void Debug_shows_each_request_with_its_status_and_duration_and_never_the_token(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        var secret = TestApple.SecretOf(fixture.Location.TokenFileContent);

        var traced = fixture.Run("Sync-VppToken", new Parameters().With("Full", true).With("Debug", true)).ShouldSucceed();
        var assigned = fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", "C02ZX1ABCD12").With("Debug", true)).ShouldSucceed();

        Assert.Contains(traced.Debug, d => d.StartsWith("Apple (", System.StringComparison.Ordinal) && d.Contains("): GET assets") && d.Contains("-> HTTP 200") && d.Contains(" ms"));
        Assert.Contains(assigned.Debug, d => d.StartsWith("Apple: POST assets/associate") && d.Contains("-> HTTP 200"));
        Assert.DoesNotContain(traced.Verbose, v => v.Contains("-> HTTP"));
        Assert.All(traced.Debug.Concat(assigned.Debug), d => Assert.DoesNotContain(secret, d));
    }

    [Theory, SqliteStore, PostgresStore]
    public void Without_Debug_nothing_is_traced(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        var plain = fixture.Run("Sync-VppToken", new Parameters().With("Full", true)).ShouldSucceed();

        Assert.Empty(plain.Debug);
    }

    [Theory, SqliteStore, PostgresStore]
    public void Retries_and_Apple_error_numbers_are_traced(StoreEngine engine)
    {
        using var simulator = AppleSimulator.Start();
        using var own = new LicensingFixture(10, simulator, engine: engine);
        simulator.Options.Faults.Enqueue(SimulatedFault.ServerError);

        var traced = own.Run("Sync-VppToken", new Parameters().With("Full", true).With("Debug", true)).ShouldSucceed();

        Assert.Contains(traced.Debug, d => d.Contains("-> HTTP 500, Apple error 9603"));
        Assert.Contains(traced.Debug, d => d.StartsWith("Apple (") && d.Contains("): retry 1 in"));
    }
}
