using System;
using System.Collections.Generic;
using System.Linq;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Security;
using VppPowerShell.Core.Store;
using VppPowerShell.Simulator;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using VppPowerShell.Tests.Tokens;

namespace VppPowerShell.Tests.Licensing;

/// <summary>A store with one synced token of a simulated location, for the licensing cmdlets.</summary>
public sealed class LicensingFixture : IDisposable
{
    public const string App = "361309726";
    public const string MacApp = "409183694";
    public const string Book = "900000001";
    public const string WebClip = "555555555";

    public LicensingFixture(int appLicenses = 100, AppleSimulator? simulator = null, StoreEngine engine = StoreEngine.Sqlite)
    {
        Engine = engine;
        if (engine == StoreEngine.PostgreSql)
        {
            // The shared store's key, as a runbook has it; every shared test store uses this one key.
            Environment.SetEnvironmentVariable(StoreKey.EnvironmentVariable, TestStores.KeyText);
            ConnectionString = TestStores.NewSchema();
        }

        Simulator = simulator;
        Location = simulator is null ? TestApple.NewLocation() : simulator.AddLocation("Private " + Guid.NewGuid().ToString("N").Substring(0, 6), "Contoso Schools", "FR");
        Location.AddAsset(App, appLicenses, name: "Pages");
        Location.AddAsset(MacApp, 50, supportedPlatforms: new[] { "macOS" }, name: "Keynote");
        Location.AddAsset(Book, 20, productType: "Book", deviceAssignable: false, revocable: false, name: "Field Guide");
        Location.AddAsset(WebClip, 20, deviceAssignable: false, name: "Portal");
        var parameters = WithStore(TokenCommands.AddParameters(Folder, TokenCommands.WriteToken(Folder, Location)).Without("StorePath"));
        if (simulator is not null) parameters.With("ServiceUrl", simulator.BaseUri.AbsoluteUri);
        CmdletRunner.Invoke("Add-VppToken", parameters).ShouldSucceed();
        Sync();
    }

    public TempFolder Folder { get; } = new();

    public AppleSimulator? Simulator { get; }

    public SimulatedLocation Location { get; }

    public StoreEngine Engine { get; }

    /// <summary>The shared store's connection string, when the fixture's store is on PostgreSQL.</summary>
    public string? ConnectionString { get; }

    /// <summary>What names the fixture's store: -StorePath, or -StoreConnectionString for a shared store.</summary>
    public string StoreParameter => Engine == StoreEngine.Sqlite ? "StorePath" : "StoreConnectionString";

    /// <summary>The value of <see cref="StoreParameter"/>.</summary>
    public string StoreAddress => ConnectionString ?? Folder.StorePath;

    public Parameters Store => WithStore(new Parameters());

    /// <summary>The fixture's store, opened directly, for what a test checks underneath the cmdlets.</summary>
    public VppStore OpenStore() => VppStore.Open(Engine == StoreEngine.Sqlite
        ? StoreLocation.Resolve(Folder.StorePath, null)
        : StoreLocation.ForConnection(ConnectionString!, StoreLocationSource.Parameter, null, TestStores.Key));

    public void Sync() => CmdletRunner.Invoke("Sync-VppToken", Store).ShouldSucceed();

    public CmdletResult Run(string command, Parameters parameters, IEnumerable<object?>? input = null, Action<TestHost>? configure = null) =>
        CmdletRunner.Invoke(command, WithStore(parameters), input, configure);

    private Parameters WithStore(Parameters parameters) => parameters.With(StoreParameter, StoreAddress);

    public static IEnumerable<object?> CsvRows(string column, IEnumerable<string> values) =>
        values.Select(v => (object?)new Dictionary<string, object?> { [column] = v, ["Room"] = "B12" });

    public static IEnumerable<string> Serials(int count, string prefix = "SN") => Enumerable.Range(0, count).Select(i => $"{prefix}{i:D8}");

    public IReadOnlyList<VppTargetResult> Results(CmdletResult result) => result.OutputOf<VppTargetResult>().ToList();

    public void Dispose() => Folder.Dispose();
}
