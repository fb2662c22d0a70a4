using System;
using System.Collections.Generic;
using System.Linq;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Sync;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Simulator;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using VppPowerShell.Tests.Tokens;
using Xunit;

namespace VppPowerShell.Tests.Apple;

public sealed class SyncCommandTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private Parameters Store => new Parameters().With("StorePath", folder.StorePath);

    [Fact]
    public void Sync_then_read_assets_assignments_and_users_chaining_by_property_name()
    {
        var location = TestApple.NewLocation();
        location.AddAsset("361309726", 10, name: "Pages", supportedPlatforms: new[] { "iOS", "macOS" });
        location.AddAsset("361285480", 5, name: "Keynote");
        location.AddAsset("900000001", 20, productType: "Book", deviceAssignable: false, revocable: false, name: "Field Guide");
        location.AddUser("u-1", "ann@contoso.com");
        location.Assign("361309726", serialNumber: "C02ZX1ABCD12");
        location.Assign("361309726", clientUserId: "u-1");
        location.Assign("900000001", clientUserId: "u-1");
        TokenCommands.Add(folder, location).ShouldSucceed();

        var sync = CmdletRunner.Invoke("Sync-VppToken", Store.With("PassThru", true)).ShouldSucceed();

        var summary = Assert.IsType<SyncSummary>(Assert.Single(sync.Output));
        Assert.Equal(3, summary.AssetsAdded);
        Assert.Equal(3, summary.AssignmentsAdded);
        Assert.Equal(1, summary.UsersAdded);
        Assert.Contains(sync.Progress, p => p.Activity.StartsWith("Syncing"));
        Assert.Contains(sync.Progress, p => p.ParentActivityId > 0);

        var pages = CmdletRunner.Invoke("Get-VppAsset", Store.With("Name", "Pag*")).ShouldSucceed().OutputOf<VppAsset>().Single();
        Assert.Equal(2, pages.AssignedCount);
        Assert.Equal(8, pages.AvailableCount);
        Assert.Equal(new[] { "iOS", "macOS" }, pages.SupportedPlatforms);
        Assert.Equal("Field Guide", CmdletRunner.Invoke("Get-VppAsset", Store.With("ProductType", "Book")).OutputOf<VppAsset>().Single().Name);

        var ofPages = CmdletRunner.Invoke("Get-VppAssignment", Store, input: new object[] { pages }).ShouldSucceed().OutputOf<VppAssignment>().ToList();
        Assert.Equal(new[] { "Device", "User" }, ofPages.Select(a => a.LicenseType).OrderBy(t => t));

        var csvRow = new Dictionary<string, object?> { ["SerialNumber"] = "C02ZX1ABCD12", ["Room"] = "B12" };
        var device = CmdletRunner.Invoke("Get-VppAssignment", Store, input: new object[] { csvRow }).ShouldSucceed().OutputOf<VppAssignment>().Single();
        Assert.Equal("Pages", device.AssetName);

        var user = CmdletRunner.Invoke("Get-VppUser", Store.With("ClientUserId", "u-1")).ShouldSucceed().OutputOf<VppUser>().Single();
        Assert.Equal("Registered", user.Status);
        Assert.NotNull(user.InviteCode);
        Assert.Equal(2, CmdletRunner.Invoke("Get-VppAssignment", Store, input: new object[] { user }).OutputOf<VppAssignment>().Count());
    }

    [Fact]
    public void One_token_failing_does_not_stop_the_others_and_the_reason_is_recorded()
    {
        var good = TestApple.NewLocation();
        good.AddAsset("100", 3);
        var bad = TestApple.NewLocation();
        TokenCommands.Add(folder, good, "Good").ShouldSucceed();
        TokenCommands.Add(folder, bad, "Bad").ShouldSucceed();
        bad.RevokeToken();

        var sync = CmdletRunner.Invoke("Sync-VppToken", Store);

        Assert.Null(sync.TerminatingError);
        var error = Assert.Single(sync.Errors);
        Assert.Equal("AppleTokenRevoked", error.ErrorId);
        var tokens = TokenCommands.Get(folder).OutputOf<VppToken>().ToDictionary(t => t.Name);
        Assert.Equal(SyncState.Completed, tokens["Good"].SyncState);
        Assert.Equal(SyncState.Failed, tokens["Bad"].SyncState);
        Assert.Equal(TokenState.Invalid, tokens["Bad"].State);
        Assert.Contains("revoked", tokens["Bad"].LastSyncError);
    }

    [Fact]
    public void Tokens_piped_in_are_synced_and_WhatIf_syncs_nothing()
    {
        var location = TestApple.NewLocation();
        location.AddAsset("100", 3);
        TokenCommands.Add(folder, location).ShouldSucceed();
        var token = TokenCommands.Get(folder).OutputOf<VppToken>().Single();

        var whatIf = CmdletRunner.Invoke("Sync-VppToken", Store.With("WhatIf", true), input: new object[] { token });
        Assert.True(Assert.Single(whatIf.ShouldProcessCalls).WhatIf);
        Assert.Empty(CmdletRunner.Invoke("Get-VppAsset", Store).Output);

        CmdletRunner.Invoke("Sync-VppToken", Store.With("Full", true), input: new object[] { token }).ShouldSucceed();
        Assert.Single(CmdletRunner.Invoke("Get-VppAsset", Store).Output);
    }

    [Fact]
    public void An_incremental_sync_that_reads_everything_after_an_over_broad_answer_says_why_once()
    {
        using var simulator = AppleSimulator.Start();
        var location = AddSyncedToken(simulator);
        location.Unassign("100", serialNumber: "S1");
        location.Unassign("200", serialNumber: "S2");
        simulator.Options.Quirks.IgnoreAssignmentFilters = true;

        var sync = CmdletRunner.Invoke("Sync-VppToken", Store.With("PassThru", true)).ShouldSucceed();

        Assert.True(Assert.IsType<SyncSummary>(Assert.Single(sync.Output)).Full);
        var warning = Assert.Single(sync.Warnings);
        Assert.Contains("'Paris' read every assignment", warning);
        Assert.Contains("did not fit the request", warning);
        Assert.Equal(new[] { "S3" }, CmdletRunner.Invoke("Get-VppAssignment", Store).ShouldSucceed().OutputOf<VppAssignment>().Select(a => a.SerialNumber));
    }

    [Fact]
    public void An_incremental_sync_from_a_version_Apple_no_longer_knows_reads_everything_and_says_why()
    {
        using var simulator = AppleSimulator.Start();
        var location = AddSyncedToken(simulator);
        location.Unassign("100", serialNumber: "S1");
        using (var store = VppStore.Open(StoreLocation.Resolve(folder.StorePath, null)))
        using (var command = store.Connection.CreateCommand(null, "UPDATE tokens SET assignments_version = 'forgotten';"))
        {
            command.ExecuteNonQuery();
        }

        var sync = CmdletRunner.Invoke("Sync-VppToken", Store.With("PassThru", true)).ShouldSucceed();

        Assert.True(Assert.IsType<SyncSummary>(Assert.Single(sync.Output)).Full);
        Assert.Contains("no longer knows the version of the last sync (error 9721)", Assert.Single(sync.Warnings));
        Assert.DoesNotContain("S1", CmdletRunner.Invoke("Get-VppAssignment", Store).ShouldSucceed().OutputOf<VppAssignment>().Select(a => a.SerialNumber));
    }

    [Fact]
    public void An_incremental_sync_that_stays_incremental_warns_nothing()
    {
        using var simulator = AppleSimulator.Start();
        var location = AddSyncedToken(simulator);
        location.Unassign("100", serialNumber: "S1");
        location.Assign("100", serialNumber: "S4");

        var sync = CmdletRunner.Invoke("Sync-VppToken", Store.With("PassThru", true)).ShouldSucceed();

        Assert.False(Assert.IsType<SyncSummary>(Assert.Single(sync.Output)).Full);
        Assert.Empty(sync.Warnings);
    }

    /// <summary>A token named Paris of a location of its own simulator, synced once, with devices S1 and S3 on asset 100 and S2 on asset 200.</summary>
    private SimulatedLocation AddSyncedToken(AppleSimulator simulator)
    {
        var location = simulator.AddLocation("Paris", "Contoso Schools", "FR");
        location.AddAsset("100", 5);
        location.AddAsset("200", 5);
        location.Assign("100", serialNumber: "S1");
        location.Assign("100", serialNumber: "S3");
        location.Assign("200", serialNumber: "S2");
        CmdletRunner.Invoke("Add-VppToken", TokenCommands.AddParameters(folder, TokenCommands.WriteToken(folder, location), "Paris")
            .With("ServiceUrl", simulator.BaseUri.AbsoluteUri)).ShouldSucceed();
        CmdletRunner.Invoke("Sync-VppToken", Store).ShouldSucceed();
        return location;
    }
}
