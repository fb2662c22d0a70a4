using System;
using System.IO;
using System.Linq;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Rehearsal;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Apple;

/// <summary>The README's quick start, run through the real cmdlets: start the simulator, add its token, sync, list assets.</summary>
[Collection(nameof(RehearsalTests))]
public sealed class RehearsalTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose()
    {
        CmdletRunner.Invoke("Stop-VppSimulator");
        folder.Dispose();
    }

    [Fact]
    public void The_quick_start_rehearses_a_runbook_end_to_end()
    {
        var started = CmdletRunner.Invoke("Start-VppSimulator", new Parameters().With("PassThru", true).With("Assets", 12).With("Assignments", 300).With("Users", 40)).ShouldSucceed();
        var session = Assert.IsType<VppSimulatorSession>(Assert.Single(started.Output));
        Assert.StartsWith("http://127.0.0.1:", session.ServiceUrl);
        Assert.True(File.Exists(session.TokenFilePath));

        var store = new Parameters().With("StorePath", folder.StorePath);
        CmdletRunner.Invoke("Add-VppToken", new Parameters().With("Name", "Rehearsal").With("AppleId", "admin@contoso.com").With("CountryCode", "US")
            .With("AccountType", "Business").With("ConsentToDataSharing", true).With("StorePath", folder.StorePath), input: new object[] { session }).ShouldSucceed();
        CmdletRunner.Invoke("Sync-VppToken", store).ShouldSucceed();
        var assets = CmdletRunner.Invoke("Get-VppAsset", store).ShouldSucceed().OutputOf<VppAsset>().ToList();

        Assert.Equal(12, assets.Count);
        Assert.Equal(300, assets.Sum(a => a.AssignedCount));
        Assert.All(assets, a => Assert.False(string.IsNullOrEmpty(a.Name)));
        Assert.Equal(300, CmdletRunner.Invoke("Get-VppAssignment", store).Output.Count);
        Assert.Equal(session.LocationName, TokenCommandsGet(store).LocationName);

        var again = CmdletRunner.Invoke("Start-VppSimulator");
        Assert.Equal("SimulatorAlreadyRunning", again.TerminatingError?.ErrorId);

        CmdletRunner.Invoke("Stop-VppSimulator").ShouldSucceed();
        Assert.False(File.Exists(session.TokenFilePath));
        var offline = CmdletRunner.Invoke("Sync-VppToken", store);
        Assert.Equal("AppleUnreachable", Assert.Single(offline.Errors).ErrorId);
    }

    private static VppToken TokenCommandsGet(Parameters store) =>
        CmdletRunner.Invoke("Get-VppToken", store).OutputOf<VppToken>().Single();
}
