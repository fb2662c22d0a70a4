using System;
using System.Linq;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Tokens;

public sealed class TokenLifecycleTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Add_keeps_every_field_of_R_T4_and_reads_the_organization_and_expiry_from_the_file()
    {
        var file = TestApple.NewLocation("Contoso Paris SAS", DateTimeOffset.UtcNow.AddDays(200));

        var added = TokenCommands.Add(folder, file, passThru: true).ShouldSucceed();

        var token = Assert.IsType<VppToken>(Assert.Single(added.Output));
        Assert.Equal("Contoso Paris", token.Name);
        Assert.Equal("Contoso Paris SAS", token.OrganizationName);
        Assert.Equal("vpp-admin@contoso.com", token.AppleId);
        Assert.Equal("FR", token.CountryCode);
        Assert.Equal(AccountType.Business, token.AccountType);
        Assert.True(token.AutomaticAppUpdates);
        Assert.Equal(file.TokenExpiresOn.ToUnixTimeSeconds(), token.ExpiresOn.ToUnixTimeSeconds());
        Assert.Equal(file.LocationName, token.LocationName);
        Assert.Equal(TestApple.ServiceUrl, token.ServiceUrl);
        Assert.InRange(token.DaysUntilExpiry, 199, 200);
        Assert.Equal(TokenState.Valid, token.State);
        Assert.Equal(SyncState.None, token.SyncState);
        Assert.Null(token.LastSyncOn);
        Assert.Empty(added.Warnings);

        var listed = Assert.Single(TokenCommands.Get(folder).ShouldSucceed().OutputOf<VppToken>());
        Assert.Equal(token.TokenId, listed.TokenId);
    }

    [Fact]
    public void Add_emits_nothing_without_PassThru()
    {
        var result = TokenCommands.Add(folder, TestApple.NewLocation()).ShouldSucceed();

        Assert.Empty(result.Output);
        Assert.Contains(result.Verbose, v => v.Contains("Added token 'Contoso Paris'"));
    }

    [Fact]
    public void Add_takes_a_Path_with_wildcards_that_match_one_file_and_a_LiteralPath_with_brackets()
    {
        var paris = TestApple.NewLocation();
        var lyon = TestApple.NewLocation();
        paris.WriteTokenFile(folder.File("sToken_for_Paris.vpptoken"));
        lyon.WriteTokenFile(folder.File("sToken [Lyon].vpptoken"));

        CmdletRunner.Invoke("Add-VppToken", TokenCommands.AddParameters(folder, folder.File("sToken_for_P*.vpptoken"))).ShouldSucceed();
        CmdletRunner.Invoke("Add-VppToken", TokenCommands.AddParameters(folder, "unused", "Contoso Lyon").Without("Path")
            .With("LiteralPath", folder.File("sToken [Lyon].vpptoken"))).ShouldSucceed();

        Assert.Equal(new[] { "Contoso Lyon", "Contoso Paris" }, TokenCommands.Get(folder).OutputOf<VppToken>().Select(t => t.Name).OrderBy(n => n));
    }

    [Fact]
    public void Add_refuses_a_Path_whose_wildcards_match_several_files_and_changes_nothing()
    {
        TestApple.NewLocation().WriteTokenFile(folder.File("sToken_a.vpptoken"));
        TestApple.NewLocation().WriteTokenFile(folder.File("sToken_b.vpptoken"));

        var result = CmdletRunner.Invoke("Add-VppToken", TokenCommands.AddParameters(folder, folder.File("sToken_*.vpptoken")));

        Assert.Equal("TokenFileAmbiguous", result.TerminatingError?.ErrorId);
        Assert.Contains("2 files", result.TerminatingError!.Message);
        Assert.False(System.IO.File.Exists(folder.StorePath));
    }

    [Fact]
    public void Add_accepts_the_token_content_as_a_SecureString()
    {
        var file = TestApple.NewLocation();
        var parameters = TokenCommands.AddParameters(folder, "unused").Without("Path").With("Token", Secure(file.TokenFileContent)).With("PassThru", true);

        var result = CmdletRunner.Invoke("Add-VppToken", parameters).ShouldSucceed();

        Assert.Single(result.OutputOf<VppToken>());
    }

    [Fact]
    public void Add_with_WhatIf_reports_the_change_and_writes_nothing()
    {
        var file = TestApple.NewLocation();
        var result = CmdletRunner.Invoke("Add-VppToken", TokenCommands.AddParameters(folder, TokenCommands.WriteToken(folder, file)).With("WhatIf", true));

        var call = Assert.Single(result.ShouldProcessCalls);
        Assert.True(call.WhatIf);
        Assert.Equal("Contoso Paris", call.Target);
        Assert.Empty(TokenCommands.Get(folder).OutputOf<VppToken>());
    }

    [Fact]
    public void Get_finds_tokens_by_wildcard_name_and_by_id_and_reports_unknown_names()
    {
        TokenCommands.Add(folder, TestApple.NewLocation(), "Contoso Paris").ShouldSucceed();
        TokenCommands.Add(folder, TestApple.NewLocation(), "Contoso Lyon").ShouldSucceed();
        TokenCommands.Add(folder, TestApple.NewLocation(), "Fabrikam").ShouldSucceed();

        var contoso = TokenCommands.Get(folder, new Parameters().With("Name", "contoso *")).ShouldSucceed().OutputOf<VppToken>().ToList();
        Assert.Equal(new[] { "Contoso Lyon", "Contoso Paris" }, contoso.Select(t => t.Name));

        var byId = TokenCommands.Get(folder, new Parameters().With("TokenId", contoso[1].TokenId)).ShouldSucceed();
        Assert.Equal("Contoso Paris", Assert.Single(byId.OutputOf<VppToken>()).Name);

        var missing = TokenCommands.Get(folder, new Parameters().With("Name", new[] { "Fabrikam", "Northwind" }));
        Assert.Equal("Fabrikam", Assert.Single(missing.OutputOf<VppToken>()).Name);
        Assert.Null(missing.TerminatingError);
        Assert.Equal("TokenNotFound", Assert.Single(missing.Errors).ErrorId);
        Assert.Equal("Northwind", missing.Errors[0].Target);
    }

    [Fact]
    public void Get_ExpiringWithin_lists_the_tokens_to_renew_including_expired_ones()
    {
        TokenCommands.Add(folder, TestApple.NewLocation(expiresOn: DateTimeOffset.UtcNow.AddDays(300)), "Later").ShouldSucceed();
        TokenCommands.Add(folder, TestApple.NewLocation(expiresOn: DateTimeOffset.UtcNow.AddDays(20.5)), "Soon").ShouldSucceed();

        var soon = TokenCommands.Get(folder, new Parameters().With("ExpiringWithin", 30)).ShouldSucceed();

        Assert.Equal("Soon", Assert.Single(soon.OutputOf<VppToken>()).Name);
    }

    [Fact]
    public void Every_token_cmdlet_warns_once_when_a_token_expires_within_30_days()
    {
        var added = TokenCommands.Add(folder, TestApple.NewLocation(expiresOn: DateTimeOffset.UtcNow.AddDays(10).AddHours(-1)), "Soon");
        TokenCommands.Add(folder, TestApple.NewLocation(expiresOn: DateTimeOffset.UtcNow.AddDays(100)), "Later").ShouldSucceed();

        Assert.Contains("Token 'Soon' expires in 10 days", Assert.Single(added.Warnings));
        var get = TokenCommands.Get(folder);
        Assert.Contains("Token 'Soon' expires in 10 days", Assert.Single(get.Warnings));
        var test = CmdletRunner.Invoke("Test-VppToken", new Parameters().With("Name", "Soon").With("StorePath", folder.StorePath));
        Assert.Single(test.Warnings);
        var set = CmdletRunner.Invoke("Set-VppToken", new Parameters().With("Name", "Soon").With("CountryCode", "de").With("StorePath", folder.StorePath));
        Assert.Single(set.Warnings);
        var later = TokenCommands.Get(folder, new Parameters().With("Name", "Later"));
        Assert.Empty(later.Warnings);
    }

    [Fact]
    public void A_token_within_seven_days_is_flagged_as_urgent()
    {
        var added = TokenCommands.Add(folder, TestApple.NewLocation(expiresOn: DateTimeOffset.UtcNow.AddDays(3).AddHours(-1)), "Soon");

        Assert.StartsWith("URGENT: Token 'Soon' expires in 3 days", Assert.Single(added.Warnings));
    }

    [Fact]
    public void Set_renames_changes_country_and_turns_updates_off_through_the_pipeline()
    {
        TokenCommands.Add(folder, TestApple.NewLocation()).ShouldSucceed();
        var token = TokenCommands.Get(folder).OutputOf<VppToken>().Single();

        var result = CmdletRunner.Invoke("Set-VppToken",
            new Parameters().With("NewName", "Contoso Lille").With("CountryCode", "be").With("AutomaticAppUpdates", false)
                .With("PassThru", true).With("StorePath", folder.StorePath),
            input: new object[] { token }).ShouldSucceed();

        var updated = Assert.IsType<VppToken>(Assert.Single(result.Output));
        Assert.Equal(token.TokenId, updated.TokenId);
        Assert.Equal("Contoso Lille", updated.Name);
        Assert.Equal("BE", updated.CountryCode);
        Assert.False(updated.AutomaticAppUpdates);
    }

    [Fact]
    public void Set_leaves_automatic_updates_alone_when_the_switch_is_not_given()
    {
        TokenCommands.Add(folder, TestApple.NewLocation()).ShouldSucceed();

        CmdletRunner.Invoke("Set-VppToken", new Parameters().With("Name", "Contoso Paris").With("CountryCode", "US").With("StorePath", folder.StorePath)).ShouldSucceed();

        Assert.True(TokenCommands.Get(folder).OutputOf<VppToken>().Single().AutomaticAppUpdates);
    }

    [Fact]
    public void Renewal_puts_the_new_file_onto_the_existing_record_and_keeps_it_R_T2()
    {
        var location = TestApple.NewLocation(expiresOn: DateTimeOffset.UtcNow.AddDays(5));
        TokenCommands.Add(folder, location).ShouldSucceed();
        var before = TokenCommands.Get(folder).OutputOf<VppToken>().Single();
        var renewal = TokenCommands.WriteContent(folder, location.RenewToken(DateTimeOffset.UtcNow.AddDays(365)));

        var result = CmdletRunner.Invoke("Set-VppToken", new Parameters().With("Name", "Contoso Paris")
            .With("Path", renewal).With("PassThru", true).With("StorePath", folder.StorePath)).ShouldSucceed();

        var after = Assert.IsType<VppToken>(Assert.Single(result.Output));
        Assert.Equal(before.TokenId, after.TokenId);
        Assert.Equal(before.CreatedOn, after.CreatedOn);
        Assert.NotNull(after.RenewedOn);
        Assert.InRange(after.DaysUntilExpiry, 364, 365);
        var test = CmdletRunner.Invoke("Test-VppToken", new Parameters().With("TokenId", after.TokenId).With("Detailed", true).With("StorePath", folder.StorePath));
        Assert.True(Assert.IsType<TokenTestResult>(Assert.Single(test.Output)).IsValid);
    }

    [Fact]
    public void Renewal_with_another_organizations_file_is_refused_unless_forced()
    {
        TokenCommands.Add(folder, TestApple.NewLocation("Contoso")).ShouldSucceed();
        var before = TokenCommands.Get(folder).OutputOf<VppToken>().Single();
        var other = TokenCommands.WriteToken(folder, TestApple.NewLocation("Fabrikam"));
        var parameters = new Parameters().With("Name", "Contoso Paris").With("Path", other).With("StorePath", folder.StorePath);

        var refused = CmdletRunner.Invoke("Set-VppToken", parameters);

        Assert.Equal("TokenOrganizationMismatch", refused.TerminatingError?.ErrorId);
        Assert.Contains("Fabrikam", refused.TerminatingError!.Message);
        var unchanged = TokenCommands.Get(folder).OutputOf<VppToken>().Single();
        Assert.Equal("Contoso", unchanged.OrganizationName);
        Assert.Equal(before.ExpiresOn, unchanged.ExpiresOn);

        CmdletRunner.Invoke("Set-VppToken", parameters.With("Force", true)).ShouldSucceed();
        Assert.Equal("Fabrikam", TokenCommands.Get(folder).OutputOf<VppToken>().Single().OrganizationName);
    }

    [Fact]
    public void Set_refuses_a_name_another_token_has()
    {
        TokenCommands.Add(folder, TestApple.NewLocation(), "A").ShouldSucceed();
        TokenCommands.Add(folder, TestApple.NewLocation(), "B").ShouldSucceed();

        var result = CmdletRunner.Invoke("Set-VppToken", new Parameters().With("Name", "A").With("NewName", "b").With("StorePath", folder.StorePath));

        Assert.Equal("TokenNameInUse", result.TerminatingError?.ErrorId);
    }

    [Fact]
    public void Set_with_nothing_to_change_says_so()
    {
        TokenCommands.Add(folder, TestApple.NewLocation()).ShouldSucceed();

        var result = CmdletRunner.Invoke("Set-VppToken", new Parameters().With("Name", "Contoso Paris").With("StorePath", folder.StorePath));

        Assert.Equal("NoChangeGiven", result.TerminatingError?.ErrorId);
    }

    [Fact]
    public void Remove_asks_for_confirmation_and_says_licenses_stay_assigned_at_Apple_R_T8()
    {
        var location = TestApple.NewLocation();
        location.AddAsset("361309726", 5, name: "Pages");
        location.Assign("361309726", serialNumber: "C02ZX1ABCD12");
        TokenCommands.Add(folder, location).ShouldSucceed();
        CmdletRunner.Invoke("Sync-VppToken", new Parameters().With("StorePath", folder.StorePath)).ShouldSucceed();

        var declined = CmdletRunner.Invoke("Remove-VppToken", new Parameters().With("Name", "Contoso Paris").With("StorePath", folder.StorePath),
            configure: h => h.ConfirmAnswer = false);
        var prompt = Assert.Single(declined.ShouldProcessCalls);
        Assert.True(prompt.Prompted);
        Assert.Contains("1 license(s) stay assigned at Apple", prompt.Action);
        Assert.Single(TokenCommands.Get(folder).OutputOf<VppToken>());

        var removed = CmdletRunner.Invoke("Remove-VppToken", new Parameters().With("Name", "Contoso Paris").With("StorePath", folder.StorePath)).ShouldSucceed();
        Assert.Contains("1 license(s) stay assigned at Apple", Assert.Single(removed.Warnings));
        Assert.Empty(TokenCommands.Get(folder).OutputOf<VppToken>());
    }

    [Fact]
    public void Remove_in_a_session_that_cannot_prompt_needs_Force_or_Confirm_false()
    {
        TokenCommands.Add(folder, TestApple.NewLocation(), "A").ShouldSucceed();
        TokenCommands.Add(folder, TestApple.NewLocation(), "B").ShouldSucceed();
        var parameters = new Parameters().With("Name", "A").With("StorePath", folder.StorePath);

        var refused = CmdletRunner.Invoke("Remove-VppToken", parameters, configure: h => h.IsInteractive = false);
        Assert.Equal("ConfirmationRequired", refused.TerminatingError?.ErrorId);
        Assert.Equal(2, TokenCommands.Get(folder).OutputOf<VppToken>().Count());

        CmdletRunner.Invoke("Remove-VppToken", parameters.With("Force", true), configure: h => h.IsInteractive = false).ShouldSucceed();
        CmdletRunner.Invoke("Remove-VppToken", new Parameters().With("Name", "B").With("Confirm", false).With("StorePath", folder.StorePath),
            configure: h => h.IsInteractive = false).ShouldSucceed();
        Assert.Empty(TokenCommands.Get(folder).OutputOf<VppToken>());
    }

    [Fact]
    public void Remove_with_WhatIf_and_Force_still_changes_nothing()
    {
        TokenCommands.Add(folder, TestApple.NewLocation()).ShouldSucceed();

        var result = CmdletRunner.Invoke("Remove-VppToken", new Parameters().With("Name", "Contoso Paris").With("Force", true).With("WhatIf", true).With("StorePath", folder.StorePath));

        Assert.True(Assert.Single(result.ShouldProcessCalls).WhatIf);
        Assert.Single(TokenCommands.Get(folder).OutputOf<VppToken>());
    }

    [Fact]
    public void Tokens_piped_from_Get_are_removed_by_TokenId()
    {
        TokenCommands.Add(folder, TestApple.NewLocation(), "Old 1").ShouldSucceed();
        TokenCommands.Add(folder, TestApple.NewLocation(), "Old 2").ShouldSucceed();
        TokenCommands.Add(folder, TestApple.NewLocation(), "Keep").ShouldSucceed();
        var old = TokenCommands.Get(folder, new Parameters().With("Name", "Old*")).OutputOf<VppToken>().ToList();

        CmdletRunner.Invoke("Remove-VppToken", new Parameters().With("Force", true).With("StorePath", folder.StorePath), input: old).ShouldSucceed();

        Assert.Equal("Keep", TokenCommands.Get(folder).OutputOf<VppToken>().Single().Name);
    }

    [Fact]
    public void A_row_from_Import_Csv_binds_TokenId_by_property_name()
    {
        TokenCommands.Add(folder, TestApple.NewLocation()).ShouldSucceed();
        var id = TokenCommands.Get(folder).OutputOf<VppToken>().Single().TokenId;
        var csvRow = new System.Collections.Generic.Dictionary<string, object?> { ["TokenId"] = id.ToString(), ["Note"] = "x" };

        var result = CmdletRunner.Invoke("Test-VppToken", new Parameters().With("StorePath", folder.StorePath), input: new object[] { csvRow });

        Assert.Equal(true, Assert.Single(result.ShouldSucceed().Output));
    }


    [Fact]
    public void Test_returns_false_for_a_token_the_store_does_not_hold_and_says_NotFound_with_Detailed()
    {
        TokenCommands.Add(folder, TestApple.NewLocation()).ShouldSucceed();
        var parameters = new Parameters().With("Name", "nope").With("StorePath", folder.StorePath);

        var plain = CmdletRunner.Invoke("Test-VppToken", parameters).ShouldSucceed();
        var detail = CmdletRunner.Invoke("Test-VppToken", parameters.With("Detailed", true)).ShouldSucceed();
        var script = CmdletRunner.Script("if (-not (Test-VppToken -Name nope -StorePath $store)) { 'renew it' }", new { store = folder.StorePath }).ShouldSucceed();

        Assert.Equal(false, Assert.Single(plain.Output));
        var result = Assert.IsType<TokenTestResult>(Assert.Single(detail.Output));
        Assert.Equal(TokenState.NotFound, result.State);
        Assert.False(result.IsValid);
        Assert.Contains("No token named 'nope'", result.Reason);
        Assert.Equal("renew it", Assert.Single(script.Output));
    }

    [Fact]
    public void Test_returns_false_when_the_key_that_decrypts_the_token_is_gone()
    {
        TokenCommands.Add(folder, TestApple.NewLocation()).ShouldSucceed();
        if (OperatingSystem.IsWindows()) return;
        System.IO.File.Delete(folder.StorePath + ".key");

        var detail = CmdletRunner.Invoke("Test-VppToken", new Parameters().With("Name", "Contoso Paris").With("Detailed", true).With("StorePath", folder.StorePath));

        var result = Assert.IsType<TokenTestResult>(Assert.Single(detail.ShouldSucceed().Output));
        Assert.False(result.IsValid);
        Assert.Contains("key file", result.Reason);
    }

    private static System.Security.SecureString Secure(string text)
    {
        var secure = new System.Security.SecureString();
        foreach (var c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }
}
