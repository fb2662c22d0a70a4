using System;
using System.Linq;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Licensing;
using VppPowerShell.Tests.Tokens;
using Xunit;

namespace VppPowerShell.Tests.Scope;

/// <summary>
/// Ordinary pipelines into every state-changing command change exactly what was piped or typed:
/// a row never widens to its token, asset or store, and what cannot be told is refused.
/// Each case is a pipeline that once reached far past what it named.
/// </summary>
public sealed class DestructiveScopeTests : IDisposable
{
    private const string Numbers = "361309727";
    private readonly LicensingFixture paris = new();
    private readonly LicensingFixture berlin = new();

    public DestructiveScopeTests()
    {
        foreach (var fixture in new[] { paris, berlin })
        {
            fixture.Location.AddAsset(Numbers, 20, name: "Numbers");
            foreach (var serial in new[] { "SN0000000001", "SN0000000002", "SN0000000003" })
            {
                fixture.Location.Assign(LicensingFixture.App, serialNumber: serial);
                fixture.Location.Assign(Numbers, serialNumber: serial);
            }

            foreach (var user in new[] { "u000001", "u000002", "u000003" })
            {
                fixture.Location.AddUser(user);
                fixture.Location.Assign(LicensingFixture.App, clientUserId: user);
                fixture.Location.Assign(Numbers, clientUserId: user);
            }

            fixture.Run("Set-VppDevice", new Parameters().With("SerialNumber", "DEV0000000U1").With("PrimaryUser", "u000001")).ShouldSucceed();
            fixture.Run("Set-VppDevice", new Parameters().With("SerialNumber", "DEV0000000U2").With("PrimaryUser", "u000002")).ShouldSucceed();
            fixture.Sync();
        }
    }

    public void Dispose()
    {
        paris.Dispose();
        berlin.Dispose();
    }

    private object Stores => new { a = paris.Folder.StorePath, b = berlin.Folder.StorePath, folder = paris.Folder.Path };

    [Fact]
    public void A_device_list_piped_into_Convert_converts_nobody()
    {
        var result = CmdletRunner.Script(
            "[pscustomobject]@{ SerialNumber = 'SN0000000001'; TokenId = 1 } | Convert-VppLicense -ToDevice -Force -StorePath $a", Stores);

        Assert.Equal("DeviceLicenseNotConverted", Assert.Single(result.AllErrors).ErrorId);
        Assert.Equal(12, paris.Location.AssignmentCount);
    }

    [Fact]
    public void One_devices_license_rows_piped_into_Convert_are_refused_and_no_user_moves()
    {
        var result = CmdletRunner.Script(
            "Get-VppAssignment -SerialNumber SN0000000001 -TokenName 'Contoso Paris' -StorePath $a | Convert-VppLicense -ToDevice -Force", Stores);

        Assert.Equal(2, result.AllErrors.Count(e => e.ErrorId == "DeviceLicenseNotConverted"));
        Assert.Equal(12, paris.Location.AssignmentCount);
        Assert.True(paris.Location.HasAssignment(LicensingFixture.App, clientUserId: "u000001"));
        Assert.False(paris.Location.HasAssignment(LicensingFixture.App, serialNumber: "DEV0000000U1"));
    }

    [Fact]
    public void A_user_row_piped_into_Convert_moves_that_users_license_of_that_asset_only()
    {
        var result = CmdletRunner.Script(
            "Get-VppAssignment -ClientUserId u000001 -AdamId $app -StorePath $a | Convert-VppLicense -ToDevice -Force",
            new { a = paris.Folder.StorePath, app = LicensingFixture.App });

        result.ShouldSucceed();
        Assert.True(paris.Location.HasAssignment(LicensingFixture.App, serialNumber: "DEV0000000U1"));
        Assert.False(paris.Location.HasAssignment(LicensingFixture.App, clientUserId: "u000001"));
        Assert.True(paris.Location.HasAssignment(Numbers, clientUserId: "u000001"), "the row named Pages, not Numbers");
        Assert.True(paris.Location.HasAssignment(LicensingFixture.App, clientUserId: "u000002"), "u000002 was not piped");
        Assert.Equal(12, paris.Location.AssignmentCount);
    }

    [Theory]
    [InlineData("Get-VppAssignment -SerialNumber NOPE00000000 -StorePath $a | Convert-VppLicense -ToDevice -TokenName 'Contoso Paris' -StorePath $a -Force")]
    [InlineData("Get-VppAssignment -SerialNumber SN0000000001 -StorePath $a | Select-Object SerialNumber | Convert-VppLicense -ToDevice -TokenName 'Contoso Paris' -StorePath $a -Force")]
    [InlineData("Get-ChildItem (Join-Path $folder '*.vpptoken') | Convert-VppLicense -ToDevice -TokenName 'Contoso Paris' -StorePath $a -Force")]
    public void An_upstream_that_names_no_user_converts_nothing(string pipeline)
    {
        CmdletRunner.Script(pipeline, Stores);

        Assert.Equal(12, paris.Location.AssignmentCount);
        Assert.True(paris.Location.HasAssignment(LicensingFixture.App, clientUserId: "u000001"));
        Assert.False(paris.Location.HasAssignment(LicensingFixture.App, serialNumber: "DEV0000000U1"));
    }

    [Fact]
    public void A_token_of_another_store_piped_with_an_explicit_store_is_refused_and_neither_token_is_removed()
    {
        var result = CmdletRunner.Script("Get-VppToken -StorePath $b | Remove-VppToken -StorePath $a -Force", Stores);

        Assert.Equal("StoreMismatch", Assert.Single(result.AllErrors).ErrorId);
        Assert.Single(TokenCommands.Get(paris.Folder).OutputOf<VppToken>());
        Assert.Single(TokenCommands.Get(berlin.Folder).OutputOf<VppToken>());
    }

    [Theory]
    [InlineData("Revoke-VppLicense -StorePath $a -Force")]
    [InlineData("Remove-VppAssignment -StorePath $a -Force")]
    [InlineData("Set-VppAssignment -StorePath $a")]
    public void Rows_of_another_store_piped_with_an_explicit_store_change_neither_store(string command)
    {
        paris.Location.Unassign(Numbers, serialNumber: "SN0000000001");
        paris.Sync();

        var result = CmdletRunner.Script("Get-VppAssignment -StorePath $b -SerialNumber SN0000000001 | " + command, Stores);

        Assert.All(result.AllErrors, e => Assert.Equal("StoreMismatch", e.ErrorId));
        Assert.Equal(2, result.AllErrors.Count());
        Assert.Equal(11, paris.Location.AssignmentCount);
        Assert.Equal(12, berlin.Location.AssignmentCount);
    }

    [Theory]
    [InlineData("Remove-VppToken -RevokeLicenses -Force")]
    [InlineData("Remove-VppToken -Force")]
    [InlineData("Set-VppToken -NewName Renamed")]
    [InlineData("Set-VppToken -CountryCode US")]
    public void A_user_row_never_reaches_its_whole_token(string command)
    {
        var result = CmdletRunner.Script("Get-VppUser -ClientUserId u000001 -StorePath $a | " + command, Stores);

        Assert.Equal("InputNotAToken", Assert.Single(result.AllErrors).ErrorId);
        Assert.Contains("VppUser", result.AllErrors.Single().Message);
        var token = Assert.Single(TokenCommands.Get(paris.Folder).OutputOf<VppToken>());
        Assert.Equal(("Contoso Paris", "FR"), (token.Name, token.CountryCode));
        Assert.Equal(12, paris.Location.AssignmentCount);
    }

    [Theory]
    [InlineData("Get-VppAssignment -TokenName 'Contoso Paris' -StorePath $a | ConvertTo-Json | ConvertFrom-Json | Remove-VppToken -Force")]
    [InlineData("Get-VppAsset -StorePath $a | Select-Object @{n='TokenId';e={1}}, AdamId, StorePath | Remove-VppToken -Force")]
    [InlineData("Get-VppAssignment -StorePath $a | Export-Csv (Join-Path $folder 'rows.csv'); Import-Csv (Join-Path $folder 'rows.csv') | Remove-VppToken -Force")]
    public void Rows_carrying_a_TokenId_never_remove_a_token(string pipeline)
    {
        var result = CmdletRunner.Script(pipeline, Stores);

        Assert.NotEmpty(result.AllErrors);
        Assert.All(result.AllErrors, e => Assert.Equal("InputNotAToken", e.ErrorId));
        Assert.Single(TokenCommands.Get(paris.Folder).OutputOf<VppToken>());
    }

    [Fact]
    public void Remove_VppToken_RevokeLicenses_counts_licenses_not_holders_and_WhatIf_announces_them()
    {
        var plan = CmdletRunner.Script("Get-VppToken -StorePath $a | Remove-VppToken -RevokeLicenses -WhatIf", Stores);

        Assert.Contains("Revoke: 12 license(s) of 6 device(s) and user(s)", Assert.Single(plan.ShouldProcessCalls).Action);
        Assert.Equal(12, paris.Location.AssignmentCount);

        var result = CmdletRunner.Script("Get-VppToken -StorePath $a | Remove-VppToken -RevokeLicenses -Force", Stores);

        result.ShouldSucceed();
        Assert.Contains("Revoked 12 license(s) of 6 device(s) and user(s)", Assert.Single(result.Information));
        Assert.Equal(0, paris.Location.AssignmentCount);
        Assert.Empty(TokenCommands.Get(paris.Folder).OutputOf<VppToken>());
    }

    [Fact]
    public void All_with_a_piped_license_row_is_refused_and_no_holder_loses_the_app()
    {
        var result = CmdletRunner.Script(
            "Get-VppAssignment -SerialNumber SN0000000001 -StorePath $a | Select-Object -First 1 | Revoke-VppLicense -All -Force", Stores);

        Assert.Equal("PipedRowCannotWiden", Assert.Single(result.AllErrors).ErrorId);
        Assert.Equal(12, paris.Location.AssignmentCount);
    }

    [Fact]
    public void WhatIf_never_finishes_an_interrupted_job_and_other_commands_say_so_before_they_do()
    {
        paris.Run("New-VppGroup", new Parameters().With("Name", "Carts").With("MemberType", "Device").With("Member", new[] { "SN0000000003" })).ShouldSucceed();
        paris.Run("Set-VppAssignment", new Parameters().With("AdamId", Numbers).With("GroupName", "Carts")).ShouldSucceed();
        var jobId = UnfinishedJobs.Assign(paris, UnfinishedJobs.DeadOwner, "SN0000000009");

        var plan = CmdletRunner.Script("Get-VppAssignment -SerialNumber SN0000000001 -StorePath $a | Revoke-VppLicense -WhatIf", Stores);
        Assert.True(plan.ShouldProcessCalls.Any(), string.Join("; ", plan.AllErrors.Concat(plan.Verbose.Select(v => (object)v))));

        Assert.Contains(plan.ShouldProcessCalls, c => c.WhatIf && c.Action.Contains($"First finish the interrupted job {jobId}"));
        Assert.False(paris.Location.HasAssignment(LicensingFixture.App, serialNumber: "SN0000000009"));
        Assert.Equal(12, paris.Location.AssignmentCount);

        var removed = paris.Run("Remove-VppGroupMember", new Parameters().With("GroupName", "Carts").With("Member", new[] { "SN0000000003" }).With("Force", true));

        removed.ShouldSucceed();
        Assert.Contains(removed.Warnings, w => w.Contains($"Finishing the interrupted job {jobId}"));
        Assert.True(paris.Location.HasAssignment(LicensingFixture.App, serialNumber: "SN0000000009"));
        Assert.False(paris.Location.HasAssignment(Numbers, serialNumber: "SN0000000003"), "the member left, and its group license with it");
    }

    [Fact]
    public void Remove_VppToken_RevokeLicenses_finishes_an_interrupted_job_before_it_revokes_and_WhatIf_does_not()
    {
        var jobId = UnfinishedJobs.Assign(paris, UnfinishedJobs.DeadOwner, "SN0000000009");

        var plan = paris.Run("Remove-VppToken", new Parameters().With("Name", "Contoso Paris").With("RevokeLicenses", true).With("WhatIf", true));

        Assert.Contains(plan.ShouldProcessCalls, c => c.Action.Contains($"First finish the interrupted job {jobId}"));
        Assert.Equal(12, paris.Location.AssignmentCount);

        paris.Run("Remove-VppToken", new Parameters().With("Name", "Contoso Paris").With("RevokeLicenses", true).With("Force", true)).ShouldSucceed();

        Assert.Equal(0, paris.Location.AssignmentCount);
        using var store = paris.OpenStore();
        Assert.Equal(VppJobState.Completed, new LicensingService(store).Job(jobId).State);
    }

    [Fact]
    public void A_devices_rows_piped_into_a_user_group_are_refused_and_Apple_gets_no_user()
    {
        paris.Run("New-VppGroup", new Parameters().With("Name", "Teachers").With("MemberType", "User")).ShouldSucceed();
        paris.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("GroupName", "Teachers")).ShouldSucceed();

        var result = CmdletRunner.Script("Get-VppAssignment -SerialNumber SN0000000002 -StorePath $a | Add-VppGroupMember -GroupName Teachers", Stores);
        Assert.True(result.AllErrors.Any(), string.Join("; ", result.Verbose));

        Assert.Equal(2, result.AllErrors.Count(e => e.ErrorId == "MemberTypeMismatch"));
        Assert.False(paris.Location.HasAssignment(LicensingFixture.App, clientUserId: "SN0000000002"));
        Assert.Empty(paris.Run("Get-VppGroup", new Parameters().With("Name", "Teachers")).OutputOf<VppGroup>().Single().Members);
    }

    [Fact]
    public void A_job_of_another_store_piped_with_an_explicit_store_resumes_neither()
    {
        UnfinishedJobs.Assign(paris, UnfinishedJobs.DeadOwner, "SN0000000009");
        var inBerlin = UnfinishedJobs.Assign(berlin, UnfinishedJobs.DeadOwner, "SN0000000009");

        var result = CmdletRunner.Script("Get-VppJob -StorePath $b | Where-Object JobId -eq $job | Resume-VppJob -StorePath $a -Force",
            new { a = paris.Folder.StorePath, b = berlin.Folder.StorePath, job = inBerlin });

        Assert.Equal("StoreMismatch", Assert.Single(result.AllErrors).ErrorId);
        Assert.False(paris.Location.HasAssignment(LicensingFixture.App, serialNumber: "SN0000000009"));
        Assert.False(berlin.Location.HasAssignment(LicensingFixture.App, serialNumber: "SN0000000009"));

        CmdletRunner.Script("Get-VppJob -StorePath $b | Where-Object JobId -eq $job | Resume-VppJob -Force",
            new { b = berlin.Folder.StorePath, job = inBerlin }).ShouldSucceed();

        Assert.True(berlin.Location.HasAssignment(LicensingFixture.App, serialNumber: "SN0000000009"));
        Assert.False(paris.Location.HasAssignment(LicensingFixture.App, serialNumber: "SN0000000009"));
    }

    [Fact]
    public void Remove_VppGroupMember_announces_only_real_members_and_says_who_is_not_one()
    {
        paris.Run("New-VppGroup", new Parameters().With("Name", "Carts").With("MemberType", "Device").With("Member", new[] { "SN0000000003" })).ShouldSucceed();

        var result = paris.Run("Remove-VppGroupMember", new Parameters().With("GroupName", "Carts").With("Member", new[] { "SN0000000001", "SN0000000002", "*" }).With("WhatIf", true));

        Assert.Equal(3, result.AllErrors.Count());
        Assert.Equal(2, result.AllErrors.Count(e => e.ErrorId == "NotAGroupMember"));
        Assert.Empty(result.ShouldProcessCalls);
    }

    [Theory]
    [InlineData("Remove-VppAssignment", "*")]
    [InlineData("Remove-VppAssignment", "")]
    [InlineData("Convert-VppLicense", "*")]
    [InlineData("Convert-VppLicense", "")]
    public void Wildcard_and_empty_users_are_refused_with_an_error(string command, string user)
    {
        var parameters = new Parameters().With("ClientUserId", new[] { user }).With("AdamId", LicensingFixture.App).With("Force", true);
        if (command == "Convert-VppLicense") parameters.With("ToDevice", true);

        var result = paris.Run(command, parameters);

        Assert.NotEmpty(result.AllErrors);
        Assert.Equal(12, paris.Location.AssignmentCount);
    }

    [Fact]
    public void An_empty_AdamId_is_refused()
    {
        var result = paris.Run("Convert-VppLicense", new Parameters().With("AdamId", new[] { "" }).With("ToDevice", true).With("Force", true));

        Assert.NotEmpty(result.AllErrors);
        Assert.Equal(12, paris.Location.AssignmentCount);
    }
}
