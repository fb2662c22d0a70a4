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
        .With("StorePath", folder.StorePath);

    public static CmdletResult Add(TempFolder folder, TestTokenFile token, string name = "Contoso Paris", bool passThru = false) =>
        CmdletRunner.Invoke("Add-VppToken", AddParameters(folder, token.WriteTo(folder.Path), name).With("PassThru", passThru));

    public static CmdletResult Get(TempFolder folder, Parameters? parameters = null) =>
        CmdletRunner.Invoke("Get-VppToken", (parameters ?? new Parameters()).With("StorePath", folder.StorePath));
}
