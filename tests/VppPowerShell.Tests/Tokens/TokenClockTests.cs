using System;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Tests.Binding;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Tokens;

/// <summary>Expiry seen through the module's clock, moved forward instead of waiting (R-T2).</summary>
[Collection(nameof(DefaultStoreCollection))]
public sealed class TokenClockTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose()
    {
        ModuleSettings.Clock = () => DateTimeOffset.UtcNow;
        folder.Dispose();
    }

    [Fact]
    public void Test_returns_false_for_an_expired_token_and_says_why_with_Detailed()
    {
        var expiresOn = DateTimeOffset.UtcNow.AddDays(3);
        TokenCommands.Add(folder, TestApple.NewLocation(expiresOn: expiresOn)).ShouldSucceed();
        var parameters = new Parameters().With("Name", "Contoso Paris").With("StorePath", folder.StorePath);
        Assert.Equal(true, Assert.Single(CmdletRunner.Invoke("Test-VppToken", parameters).Output));

        ModuleSettings.Clock = () => expiresOn.AddMinutes(1);

        Assert.Equal(false, Assert.Single(CmdletRunner.Invoke("Test-VppToken", parameters).Output));
        var detail = Assert.IsType<TokenTestResult>(Assert.Single(CmdletRunner.Invoke("Test-VppToken", parameters.With("Detailed", true)).Output));
        Assert.Equal(TokenState.Expired, detail.State);
        Assert.StartsWith("expired on", detail.Reason);
        Assert.Contains("expired on", Assert.Single(TokenCommands.Get(folder).Warnings));
    }
}
