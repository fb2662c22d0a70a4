using VppPowerShell.Simulator;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;

namespace VppPowerShell.Tests.Tokens;

/// <summary>The splats most token tests start from.</summary>
internal static class TokenCommands
{
    public static Parameters AddParameters(TempFolder folder, string tokenPath, string name = "Contoso Paris") => new Parameters()
        .With("Path", tokenPath)
        .With("Name", name)
        .With("AppleId", "vpp-admin@contoso.com")
        .With("CountryCode", "FR")
        .With("AccountType", "Business")
        .With("AutomaticAppUpdates", true)
        .With("ConsentToDataSharing", true)
        .With("ServiceUrl", TestApple.ServiceUrl)
        .With("StorePath", folder.StorePath);

    public static CmdletResult Add(TempFolder folder, SimulatedLocation location, string name = "Contoso Paris", bool passThru = false) =>
        CmdletRunner.Invoke("Add-VppToken", AddParameters(folder, WriteToken(folder, location), name).With("PassThru", passThru));

    public static string WriteToken(TempFolder folder, SimulatedLocation location) =>
        location.WriteTokenFile(folder.File($"sToken_for_{System.Guid.NewGuid():N}.vpptoken"));

    public static string WriteContent(TempFolder folder, string content) =>
        folder.Write($"sToken_for_{System.Guid.NewGuid():N}.vpptoken", content);

    public static CmdletResult Get(TempFolder folder, Parameters? parameters = null) =>
        CmdletRunner.Invoke("Get-VppToken", (parameters ?? new Parameters()).With("StorePath", folder.StorePath));
}
