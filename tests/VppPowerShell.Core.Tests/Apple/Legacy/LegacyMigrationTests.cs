using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Apple.Legacy;
using VppPowerShell.Core.Tests.Sync;
using VppPowerShell.Simulator.Model;
using Xunit;

namespace VppPowerShell.Core.Tests.Apple.Legacy;

/// <summary>clientContext ownership (API §12.2) and a rehearsed move of a legacy buyer to a location (API §14.3).</summary>
public sealed class LegacyMigrationTests
{
    [Theory]
    [InlineData("{\"hostname\":\"mdm.contoso.example\",\"guid\":\"5F0A3C1E-2B7D\"}", "mdm.contoso.example", "5F0A3C1E-2B7D")]
    [InlineData("{ \"GUID\": \"g-1\", \"HostName\": \"a\", \"version\": 3 }", "a", "g-1")]
    [InlineData("{\"guid\":\"g-2\"}", "", "g-2")]
    [InlineData("{\"hostname\":\"a\"}", null, null)]
    [InlineData("{\"hostname\":\"a\",\"guid\":7}", null, null)]
    [InlineData("token being used in v2", null, null)]
    [InlineData("MDM-42 on host x", null, null)]
    [InlineData("[\"guid\"]", null, null)]
    [InlineData("", null, null)]
    [InlineData(null, null, null)]
    public void ClientContext_follows_the_hostname_guid_convention(string? text, string? hostname, string? guid)
    {
        var context = LegacyClientContext.Parse(text);

        Assert.Equal(hostname, context?.Hostname);
        Assert.Equal(guid, context?.Guid);
    }

    [Fact]
    public void ClientContext_round_trips_and_compares_guids_ignoring_case()
    {
        var context = new LegacyClientContext("mdm.contoso.example", "5f0a3c1e-2b7d-4c8e-9f10-aa11bb22cc33");
        var json = context.ToJson();

        Assert.Equal("{\"hostname\":\"mdm.contoso.example\",\"guid\":\"5f0a3c1e-2b7d-4c8e-9f10-aa11bb22cc33\"}", json);
        var parsed = LegacyClientContext.Parse(json)!;
        Assert.Equal(context.Hostname, parsed.Hostname);
        Assert.True(parsed.IsSameSystem("5F0A3C1E-2B7D-4C8E-9F10-AA11BB22CC33"));
        Assert.False(parsed.IsSameSystem("another"));
    }

    [Fact]
    public async Task Claiming_reading_and_losing_the_clientContext_through_the_service()
    {
        using var h = new LegacyHarness();
        var reader = await h.ConnectAsync();
        Assert.False(reader.ClientConfig.IsClaimed);
        Assert.Null(reader.ClientConfig.Owner);
        Assert.Equal("buyer@contoso.example", reader.ClientConfig.AppleId);
        Assert.Equal("US", reader.ClientConfig.CountryCode);
        Assert.Equal("enterprisestore", reader.ClientConfig.DefaultPlatform);
        Assert.Equal(h.Account.OrganizationId.ToString(), reader.ClientConfig.OrganizationId);
        Assert.Equal(h.Account.UId, reader.ClientConfig.UId);
        Assert.Null(reader.ClientConfig.LocationName);
        Assert.Equal(h.Account.TokenExpiresOn, reader.ClientConfig.ExpiresOn);

        var ours = new LegacyClientContext("mdm.contoso.example", Guid.NewGuid().ToString());
        var claimed = await reader.SetClientContextAsync(ours);
        Assert.True(claimed.IsOwnedBy(ours.Guid));
        Assert.Equal(ours.ToJson(), h.Account.ClientContext);

        h.Account.ClaimByOtherMdm("jamf.fabrikam.example", "0000-other");
        var taken = await reader.GetClientConfigAsync();
        Assert.False(taken.IsOwnedBy(ours.Guid));
        Assert.Equal("jamf.fabrikam.example", taken.Owner!.Hostname);
        Assert.Same(taken, reader.ClientConfig);

        var tooLong = new LegacyClientContext(new string('h', 250), "g");
        var error = await Assert.ThrowsAsync<VppException>(() => reader.SetClientContextAsync(tooLong));
        Assert.Equal("AppleLegacyClientContextTooLong", error.ErrorId);
    }

    [Fact]
    public async Task A_location_token_read_over_v1_says_token_being_used_in_v2_once_v2_has_served_it()
    {
        using var sync = new SyncHarness();
        await sync.SyncAsync(full: true);

        var reader = await LegacyAccountReader.ConnectAsync(sync.Simulator.LegacyServiceConfigUri, sync.Location.TokenFileContent, LegacyHarness.FastRetries);

        Assert.True(reader.ClientConfig.IsUsedInV2);
        Assert.True(reader.ClientConfig.IsClaimed);
        Assert.Null(reader.ClientConfig.Owner);
        Assert.Equal(sync.Location.LocationName, reader.ClientConfig.LocationName);
        Assert.NotNull(reader.ClientConfig.LocationId);
    }

    [Fact]
    public async Task Rehearsal_read_the_legacy_account_move_it_to_a_location_and_find_every_assignment_there()
    {
        using var h = new LegacyHarness();
        h.Account.Seed(assets: 60, licenses: 5_000, users: 1_200, seed: 21);
        var reader = await h.ConnectAsync();
        var assets = await reader.ReadAssetsAsync();
        var (assignments, _, _) = await LegacyHarness.ReadAssignmentsAsync(reader);
        var users = new List<LegacyUser>();
        await reader.ReadUsersAsync(batch => { users.AddRange(batch); return Task.CompletedTask; });
        var location = h.Simulator.AddLocation("Lyon");

        var move = h.Account.MoveToLocation(location);

        // What the legacy read said, in v2 terms, is what the location now holds (API §14.2).
        Assert.True(move.Complete);
        Assert.Equal(assignments.Count, move.AssignmentsMoved);
        Assert.Equal(
            LegacyHarness.Sorted(assignments.Select(a => $"{a.AdamId}|{a.PricingParam}|{a.ClientUserId}|{a.SerialNumber}")),
            LegacyHarness.Sorted(location.Assignments.Select(a => $"{a.AdamId}|{a.PricingParam}|{a.ClientUserId}|{a.SerialNumber}")));
        Assert.Equal(
            LegacyHarness.Sorted(assets.Select(a => $"{a.AdamId}|{a.PricingParam}|{a.ProductType}|{a.Revocable}|{a.DeviceAssignable}|{a.TotalCount}|{a.AssignedCount}|{a.AvailableCount}|{a.RetiredCount}")),
            LegacyHarness.Sorted(location.Assets.Select(a => $"{a.AdamId}|{a.PricingParam}|{a.ProductType}|{a.Revocable}|{a.DeviceAssignable}|{a.TotalCount}|{a.AssignedCount}|{a.AvailableCount}|{a.RetiredCount}")));
        Assert.Equal(
            users.Select(u => $"{u.ClientUserId}|{u.Email}|{u.Status}|{u.IdHash}"),
            location.Users.Select(u => $"{u.ClientUserId}|{u.Email}|{u.Status}|{u.IdHash}"));

        // The same data through the v2 client and the location's token.
        var v2 = new AppleServiceClient(h.Simulator.BaseUri, location.TokenFileContent, Guid.NewGuid().ToString(), LegacyHarness.FastRetries);
        var v2Assignments = new List<string>();
        await PageReader.ReadAllAsync((page, ct) => v2.GetAssignmentsPageAsync(page, null, null, null, ct),
            page => { v2Assignments.AddRange(page.Assignments!.Select(a => $"{a.AdamId}|{a.PricingParam}|{a.ClientUserId}|{a.SerialNumber}")); return Task.CompletedTask; },
            CancellationToken.None);
        Assert.Equal(LegacyHarness.Sorted(assignments.Select(a => $"{a.AdamId}|{a.PricingParam}|{a.ClientUserId}|{a.SerialNumber}")), LegacyHarness.Sorted(v2Assignments));

        // The legacy token no longer works.
        var error = await Assert.ThrowsAsync<AppleServiceException>(() => reader.ReadAssetsAsync());
        Assert.Equal("AppleLegacyTokenRevoked", error.ErrorId);
    }

    [Fact]
    public async Task Rehearsal_into_a_location_in_use_leaves_assigned_licenses_on_the_legacy_token()
    {
        using var h = new LegacyHarness();
        h.Account.Seed(assets: 8, licenses: 400, users: 100);
        var location = h.Simulator.AddLocation("Lyon");
        location.AddAsset("999", 5);
        var before = h.Account.Assets;

        var move = h.Account.MoveToLocation(location, LegacyTokenAfterMove.UsedInV2);

        Assert.False(move.Complete);
        var reader = await h.ConnectAsync();
        Assert.False(reader.ClientConfig.IsUsedInV2);
        var assets = await reader.ReadAssetsAsync();
        Assert.All(assets, a => Assert.Equal(0, a.AvailableCount));
        Assert.Equal(before.Sum(a => a.AssignedCount), assets.Sum(a => a.AssignedCount));
        Assert.Equal(before.Sum(a => a.AvailableCount), move.LicensesMoved);
        var (assignments, _, _) = await LegacyHarness.ReadAssignmentsAsync(reader);
        Assert.Equal(move.AssignedLicensesLeft, assignments.Count);
        Assert.Equal(0, location.AssignmentCount);
    }

    [Fact]
    public async Task After_a_move_the_legacy_token_can_read_as_token_being_used_in_v2_with_nothing_left()
    {
        using var h = new LegacyHarness();
        h.Account.Seed(assets: 3, licenses: 50, users: 10);
        h.Account.MoveToLocation(h.Simulator.AddLocation("Lyon"), LegacyTokenAfterMove.UsedInV2);

        var reader = await h.ConnectAsync();
        var (assignments, result, _) = await LegacyHarness.ReadAssignmentsAsync(reader);

        Assert.True(reader.ClientConfig.IsUsedInV2);
        Assert.Empty(assignments);
        Assert.Equal(1, result.Batches);
        Assert.Empty(await reader.ReadAssetsAsync());
    }
}
