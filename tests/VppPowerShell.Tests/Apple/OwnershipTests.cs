using System;
using System.Linq;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using VppPowerShell.Tests.Tokens;
using Xunit;

namespace VppPowerShell.Tests.Apple;

/// <summary>R-T3: a token is used by one management system at a time.</summary>
public sealed class OwnershipTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Adding_claims_the_token_for_this_store()
    {
        var location = TestApple.NewLocation();

        TokenCommands.Add(folder, location).ShouldSucceed();

        Assert.StartsWith("VppPowerShell on ", location.MdmInfo?.Name);
    }

    [Fact]
    public void A_token_held_by_another_system_is_refused_naming_that_system()
    {
        var location = TestApple.NewLocation();
        location.ClaimByOtherMdm("jamf-1", "Jamf Pro (prod)", "10.50.0");

        var result = TokenCommands.Add(folder, location);

        Assert.Equal("TokenClaimedByOtherMdm", result.TerminatingError?.ErrorId);
        Assert.Contains("Jamf Pro (prod)", result.TerminatingError!.Message);
        Assert.Contains("-TakeControl", result.TerminatingError.RecommendedAction);
        Assert.Equal("jamf-1", location.MdmInfo!.Id);
        Assert.Empty(TokenCommands.Get(folder).OutputOf<VppToken>());
    }

    [Fact]
    public void TakeControl_asks_first_and_claims_only_on_yes()
    {
        var location = TestApple.NewLocation();
        location.ClaimByOtherMdm("jamf-1", "Jamf Pro (prod)", "10.50.0");
        var parameters = TokenCommands.AddParameters(folder, TokenCommands.WriteToken(folder, location)).With("TakeControl", true);

        var declined = CmdletRunner.Invoke("Add-VppToken", parameters, configure: h => h.ContinueAnswer = false);
        Assert.Contains("Jamf Pro (prod)", Assert.Single(declined.Host.ShouldContinueCalls));
        Assert.Equal("jamf-1", location.MdmInfo!.Id);
        Assert.Empty(TokenCommands.Get(folder).OutputOf<VppToken>());

        CmdletRunner.Invoke("Add-VppToken", parameters).ShouldSucceed();
        Assert.NotEqual("jamf-1", location.MdmInfo!.Id);
        Assert.Single(TokenCommands.Get(folder).OutputOf<VppToken>());
    }

    [Fact]
    public void TakeControl_in_a_runbook_needs_Force()
    {
        var location = TestApple.NewLocation();
        location.ClaimByOtherMdm("jamf-1", "Jamf Pro (prod)", "10.50.0");
        var parameters = TokenCommands.AddParameters(folder, TokenCommands.WriteToken(folder, location)).With("TakeControl", true);

        var refused = CmdletRunner.Invoke("Add-VppToken", parameters, configure: h => h.IsInteractive = false);
        Assert.Equal("ConfirmationRequired", refused.TerminatingError?.ErrorId);

        CmdletRunner.Invoke("Add-VppToken", parameters.With("Force", true), configure: h => h.IsInteractive = false).ShouldSucceed();
        Assert.NotEqual("jamf-1", location.MdmInfo!.Id);
    }

    [Fact]
    public void A_second_token_file_of_the_same_location_is_a_duplicate_location()
    {
        var location = TestApple.NewLocation();
        TokenCommands.Add(folder, location, "Paris").ShouldSucceed();
        var second = TokenCommands.WriteContent(folder, location.RenewToken(revokePrevious: false));

        var result = CmdletRunner.Invoke("Add-VppToken", TokenCommands.AddParameters(folder, second, "Paris again"));

        Assert.Equal("TokenDuplicateLocation", result.TerminatingError?.ErrorId);
        Assert.Contains("'Paris'", result.TerminatingError!.Message);
        Assert.Contains("Set-VppToken", result.TerminatingError.RecommendedAction);
    }

    [Fact]
    public void A_token_taken_over_later_stops_its_work_until_control_is_taken_back()
    {
        var location = TestApple.NewLocation();
        location.AddAsset("100", 5, name: "Pages");
        TokenCommands.Add(folder, location).ShouldSucceed();
        location.ClaimByOtherMdm("ws1", "Workspace ONE", "23.1");
        var store = new Parameters().With("StorePath", folder.StorePath);

        var sync = CmdletRunner.Invoke("Sync-VppToken", new Parameters().With("StorePath", folder.StorePath));
        Assert.Equal("TokenClaimedByOtherMdm", Assert.Single(sync.Errors).ErrorId);
        var token = TokenCommands.Get(folder).OutputOf<VppToken>().Single();
        Assert.Equal(TokenState.AssignedToExternalMdm, token.State);
        Assert.Equal("Workspace ONE", token.ExternalMdm);
        Assert.False(Assert.IsType<bool>(CmdletRunner.Invoke("Test-VppToken", new Parameters().With("Name", token.Name).With("StorePath", folder.StorePath)).Output.Single()));

        CmdletRunner.Invoke("Set-VppToken", new Parameters().With("Name", token.Name).With("TakeControl", true).With("Force", true).With("StorePath", folder.StorePath)).ShouldSucceed();
        Assert.Equal(TokenState.Valid, TokenCommands.Get(folder).OutputOf<VppToken>().Single().State);
        CmdletRunner.Invoke("Sync-VppToken", store).ShouldSucceed();
        Assert.Equal("Pages", Assert.Single(CmdletRunner.Invoke("Get-VppAsset", store).OutputOf<VppPowerShell.Core.ReadModels.VppAsset>()).Name);
    }

    [Fact]
    public void Renewal_with_a_file_of_another_location_is_refused()
    {
        TokenCommands.Add(folder, TestApple.NewLocation("Contoso")).ShouldSucceed();
        var otherLocation = TokenCommands.WriteToken(folder, TestApple.NewLocation("Contoso"));

        var result = CmdletRunner.Invoke("Set-VppToken", new Parameters().With("Name", "Contoso Paris").With("Path", otherLocation).With("StorePath", folder.StorePath));

        Assert.Equal("TokenLocationMismatch", result.TerminatingError?.ErrorId);
    }

    [Fact]
    public void A_service_url_must_be_https_or_loopback()
    {
        var parameters = TokenCommands.AddParameters(folder, TokenCommands.WriteToken(folder, TestApple.NewLocation()))
            .With("ServiceUrl", "http://vpp.example.com/mdm/v2/");

        var result = CmdletRunner.Invoke("Add-VppToken", parameters);

        Assert.Equal("InvalidServiceUrl", result.TerminatingError?.ErrorId);
    }
}
