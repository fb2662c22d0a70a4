using System;
using System.Linq;
using VppPowerShell.Core.Migration;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Simulator;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using VppPowerShell.Tests.Tokens;
using Xunit;

namespace VppPowerShell.Tests.Migration;

/// <summary>Business rules, migration from legacy VPP: the location token goes onto the existing (legacy) record; nothing is re-created.</summary>
public sealed class LegacyTokenMoveTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly AppleSimulator simulator = AppleSimulator.Start();
    private readonly SimulatedLegacyAccount legacy;

    public LegacyTokenMoveTests()
    {
        legacy = simulator.AddLegacyAccount("Contoso Schools");
        legacy.Seed(assets: 6, licenses: 400, users: 60, seed: 3);
        var parameters = TokenCommands.AddParameters(folder, legacy.WriteTokenFile(folder.File("legacy.vpptoken")), "Contoso legacy")
            .With("Legacy", true).With("ServiceUrl", simulator.LegacyServiceConfigUri.AbsoluteUri);
        CmdletRunner.Invoke("Add-VppToken", parameters).ShouldSucceed();
        Run("Sync-VppToken", new Parameters()).ShouldSucceed();
    }

    public void Dispose()
    {
        simulator.Dispose();
        folder.Dispose();
    }

    private CmdletResult Run(string command, Parameters parameters) => CmdletRunner.Invoke(command, parameters.With("StorePath", folder.StorePath));

    private string[] StoreAssignments() => Run("Get-VppAssignment", new Parameters()).OutputOf<VppAssignment>()
        .Select(a => $"{a.AdamId}|{a.SerialNumber ?? a.ClientUserId}").OrderBy(x => x, StringComparer.Ordinal).ToArray();

    [Fact]
    public void A_legacy_token_is_read_over_v1_and_changes_are_refused_until_it_moves()
    {
        var expected = legacy.Licenses.Where(l => l.Status == "Associated").Select(l => $"{l.AdamId}|{l.SerialNumber ?? l.ClientUserId}").OrderBy(x => x, StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, StoreAssignments());
        Assert.True(Run("Get-VppToken", new Parameters()).OutputOf<VppToken>().Single().IsLegacy);

        var assign = Run("Set-VppAssignment", new Parameters().With("AdamId", legacy.Assets[0].AdamId).With("SerialNumber", "NEWDEVICE0001"));
        Assert.Equal("LegacyTokenReadOnly", assign.TerminatingError?.ErrorId);
        var remove = Run("Remove-VppToken", new Parameters().With("Name", "Contoso legacy").With("Confirm", false));
        Assert.Equal("MigrationWouldRecreateAssignments", remove.TerminatingError?.ErrorId);
        Assert.Contains("Move-VppToken", remove.TerminatingError!.RecommendedAction);
    }

    [Fact]
    public void Moving_onto_the_location_keeps_the_record_and_every_assignment()
    {
        var before = StoreAssignments();
        var tokenId = Run("Get-VppToken", new Parameters()).OutputOf<VppToken>().Single().TokenId;
        var location = simulator.AddLocation("Contoso Paris", "Contoso Schools", "US");
        legacy.MoveToLocation(location);
        var locationFile = location.WriteTokenFile(folder.File("paris.vpptoken"));

        var asNewRecord = CmdletRunner.Invoke("Add-VppToken", TokenCommands.AddParameters(folder, locationFile, "Paris").With("ServiceUrl", simulator.BaseUri.AbsoluteUri));
        Assert.Equal("MigrationWouldRecreateAssignments", asNewRecord.TerminatingError?.ErrorId);

        var moved = Run("Move-VppToken", new Parameters().With("Name", "Contoso legacy").With("Path", locationFile).With("ServiceUrl", simulator.BaseUri.AbsoluteUri)
            .With("Confirm", false).With("PassThru", true)).ShouldSucceed();

        var result = Assert.IsType<VppTokenMove>(Assert.Single(moved.Output));
        Assert.Equal(before.Length, result.AssignmentsBefore);
        Assert.Equal(before.Length, result.AssignmentsKept);
        Assert.Equal(0, result.AssignmentsMissing);
        var token = Run("Get-VppToken", new Parameters()).OutputOf<VppToken>().Single();
        Assert.Equal(tokenId, token.TokenId);
        Assert.False(token.IsLegacy);
        Assert.Equal("Contoso Paris", token.LocationName);
        Assert.Equal(before, StoreAssignments());
        Assert.StartsWith("VppPowerShell on ", location.MdmInfo?.Name);
        Run("Set-VppAssignment", new Parameters().With("AdamId", location.Assets.First(a => a.DeviceAssignable && a.AvailableCount > 0).AdamId).With("SerialNumber", "NEWDEVICE0001")).ShouldSucceed();
    }

    [Fact]
    public void A_move_that_would_leave_assignments_behind_is_refused_with_the_reason()
    {
        var before = StoreAssignments();
        var busy = simulator.AddLocation("Contoso Lyon", "Contoso Schools", "US");
        busy.AddAsset("777000001", 5);
        legacy.MoveToLocation(busy, LegacyTokenAfterMove.UsedInV2);

        var result = Run("Move-VppToken", new Parameters().With("Name", "Contoso legacy").With("Path", busy.WriteTokenFile(folder.File("lyon.vpptoken")))
            .With("ServiceUrl", simulator.BaseUri.AbsoluteUri).With("Confirm", false));

        Assert.Equal("TokenMoveIncomplete", result.TerminatingError?.ErrorId);
        Assert.Contains("stayed with the legacy token", result.TerminatingError!.Message);
        Assert.True(Run("Get-VppToken", new Parameters()).OutputOf<VppToken>().Single().IsLegacy);
        Assert.Equal(before, StoreAssignments());
    }

    [Fact]
    public void A_legacy_token_Apple_no_longer_accepts_cannot_be_checked_so_the_move_waits_for_Force()
    {
        var before = StoreAssignments();
        var location = simulator.AddLocation("Contoso Nice", "Contoso Schools", "US");
        legacy.ExpireTokenNow();

        var result = Run("Move-VppToken", new Parameters().With("Name", "Contoso legacy").With("Path", location.WriteTokenFile(folder.File("nice.vpptoken")))
            .With("ServiceUrl", simulator.BaseUri.AbsoluteUri).With("Confirm", false));

        Assert.Equal("TokenMoveIncomplete", result.TerminatingError?.ErrorId);
        Assert.Contains("cannot be checked", result.TerminatingError!.Message);
        Assert.True(Run("Get-VppToken", new Parameters()).OutputOf<VppToken>().Single().IsLegacy);
        Assert.Equal(before, StoreAssignments());
    }
}
