using System;
using System.Linq;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using VppPowerShell.Tests.Tokens;
using Xunit;

namespace VppPowerShell.Tests.Licensing;

/// <summary>The job cmdlets use a token too, so they warn about its expiry like every other cmdlet (R-T2).</summary>
public sealed class JobExpiryWarningTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Get_VppJob_by_token_and_Resume_VppJob_warn_when_the_token_expires_soon()
    {
        var location = TestApple.NewLocation(expiresOn: DateTimeOffset.UtcNow.AddDays(13).AddSeconds(-30));
        location.AddAsset(LicensingFixture.App, 5, name: "Pages");
        TokenCommands.Add(folder, location).ShouldSucceed();
        var store = new Parameters().With("StorePath", folder.StorePath);
        CmdletRunner.Invoke("Sync-VppToken", store).ShouldSucceed();
        CmdletRunner.Invoke("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", "C02ZX1ABCD12").With("StorePath", folder.StorePath)).ShouldSucceed();
        var job = CmdletRunner.Invoke("Get-VppJob", store).OutputOf<VppJob>().Single();

        var listed = CmdletRunner.Invoke("Get-VppJob", new Parameters().With("TokenId", job.TokenId).With("StorePath", folder.StorePath));
        var resumed = CmdletRunner.Invoke("Resume-VppJob", new Parameters().With("JobId", job.JobId).With("StorePath", folder.StorePath));

        Assert.Contains("expires in 13 days", Assert.Single(listed.Warnings));
        Assert.Contains("expires in 13 days", Assert.Single(resumed.Warnings));
    }

    [Fact]
    public void Get_VppJob_for_a_token_the_store_does_not_hold_says_so_and_lists_nothing()
    {
        TokenCommands.Add(folder, TestApple.NewLocation()).ShouldSucceed();

        var result = CmdletRunner.Invoke("Get-VppJob", new Parameters().With("TokenId", 99).With("StorePath", folder.StorePath));

        Assert.Equal("TokenNotFound", Assert.Single(result.AllErrors).ErrorId);
        Assert.Empty(result.Output);
    }
}
