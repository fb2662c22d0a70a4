using System;
using System.Linq;
using VppPowerShell.Simulator;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Licensing;
using VppPowerShell.Tests.Tokens;
using Xunit;

namespace VppPowerShell.Tests.Reports;

/// <summary>
/// A store a report has something to say about, made the way an admin makes it: token "Contoso Paris"
/// with Pages (3 licenses) assigned to 5 devices (2 fail, R-L5), Keynote assigned to two Macs and removed
/// from one, a book refused for a device, and drift made at Apple directly (a Mac unassigned, another
/// device assigned) then synced; and token "Contoso Lyon", which expires in 10 days (R-T2).
/// </summary>
public sealed class ReportScenario : IDisposable
{
    public const string Paris = "Contoso Paris";
    public const string Lyon = "Contoso Lyon";
    public static readonly string[] PagesDevices = LicensingFixture.Serials(5, "IPAD").ToArray();

    public ReportScenario()
    {
        Fixture = new LicensingFixture(appLicenses: 3);
        Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", PagesDevices));
        Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.MacApp).With("SerialNumber", new[] { "MAC000000001", "MAC000000002" })).ShouldSucceed();
        Run("Remove-VppAssignment", new Parameters().With("AdamId", LicensingFixture.MacApp).With("SerialNumber", "MAC000000001").With("Force", true)).ShouldSucceed();
        Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.Book).With("SerialNumber", "IPAD00000000"));
        Fixture.Location.Unassign(LicensingFixture.MacApp, serialNumber: "MAC000000002");
        Fixture.Location.Assign(LicensingFixture.MacApp, serialNumber: "EXTRA0000001");

        LyonLocation = TestApple.NewLocation(expiresOn: DateTimeOffset.UtcNow.AddDays(10).AddHours(-1));
        LyonLocation.AddAsset(LicensingFixture.App, 10, name: "Pages");
        LyonLocation.Assign(LicensingFixture.App, serialNumber: "LYON00000001");
        CmdletRunner.Invoke("Add-VppToken", TokenCommands.AddParameters(Fixture.Folder, TokenCommands.WriteToken(Fixture.Folder, LyonLocation), Lyon)).ShouldSucceed();
        Fixture.Sync();
    }

    public LicensingFixture Fixture { get; }

    public SimulatedLocation ParisLocation => Fixture.Location;

    public SimulatedLocation LyonLocation { get; }

    public CmdletResult Run(string command, Parameters parameters, System.Collections.Generic.IEnumerable<object?>? input = null) =>
        Fixture.Run(command, parameters, input);

    public void Dispose() => Fixture.Dispose();
}
