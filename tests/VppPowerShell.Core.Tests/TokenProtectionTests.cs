using System;
using System.IO;
using VppPowerShell.Core.Security;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Core.Tests;

public sealed class TokenProtectionTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string KeyPath => folder.File("vpp.db.key");

    [Fact]
    public void A_secret_round_trips_and_each_encryption_differs()
    {
        var protector = new KeyFileTokenProtector(KeyPath);

        var first = protector.Protect("the secret");
        var second = protector.Protect("the secret");

        Assert.NotEqual(Convert.ToBase64String(first), Convert.ToBase64String(second));
        Assert.Equal("the secret", new KeyFileTokenProtector(KeyPath).Unprotect(first));
        Assert.Equal(64, File.ReadAllBytes(KeyPath).Length);
    }

    [Fact]
    public void A_tampered_secret_is_refused_with_a_clear_error()
    {
        var protector = new KeyFileTokenProtector(KeyPath);
        var stored = protector.Protect("the secret");
        stored[stored.Length / 2] ^= 0x01;

        var error = Assert.Throws<VppException>(() => TokenProtection.Reveal(protector, stored, "Paris"));

        Assert.Equal(VppErrorIds.TokenSecretUnreadable, error.ErrorId);
        Assert.Contains("Set-VppToken -Name 'Paris'", error.RecommendedAction);
    }

    [Fact]
    public void A_lost_key_file_is_named_in_the_error()
    {
        var stored = new KeyFileTokenProtector(KeyPath).Protect("the secret");
        File.Delete(KeyPath);

        var error = Assert.Throws<VppException>(() => new KeyFileTokenProtector(KeyPath).Unprotect(stored));

        Assert.Equal(VppErrorIds.StoreKeyMissing, error.ErrorId);
        Assert.Equal(KeyPath, error.Target);
    }

    [Fact]
    public void A_secret_protected_on_another_system_is_refused_with_a_clear_error()
    {
        var fromWindows = ProtectedSecret.WithScheme(DpapiTokenProtector.Scheme, new byte[] { 1, 2, 3 });

        var error = Assert.Throws<VppException>(() => TokenProtection.Reveal(new KeyFileTokenProtector(KeyPath), fromWindows, "Paris"));

        Assert.Equal(VppErrorIds.TokenSecretUnreadable, error.ErrorId);
    }
}
