using System;
using System.Collections.Generic;
using VppPowerShell.Core.Apple;
using Xunit;

namespace VppPowerShell.Core.Tests.Apple;

public sealed class ProxySettingsTests
{
    [Fact]
    public void A_user_and_password_in_the_address_are_the_credential_and_are_never_shown()
    {
        var proxy = ProxySettings.Through(new Uri("http://svc-vpp:p%40ss%3Aword@proxy.contoso.com:8080"));

        Assert.Equal(ProxyMode.Proxy, proxy.Mode);
        Assert.Equal(new Uri("http://proxy.contoso.com:8080/"), proxy.Address);
        Assert.Equal("svc-vpp", proxy.UserName);
        Assert.Equal("p@ss:word", proxy.Credential!.Password);
        Assert.Equal("http://proxy.contoso.com:8080 as svc-vpp", proxy.ToString());
        Assert.DoesNotContain("p@ss", proxy.ToString());
    }

    [Fact]
    public void Loopback_goes_direct_unless_asked_and_other_targets_go_through_the_proxy()
    {
        var proxy = ProxySettings.Through(new Uri("http://proxy.contoso.com:8080"));
        var loopbackToo = ProxySettings.Through(new Uri("http://proxy.contoso.com:8080"), proxyLoopback: true);

        Assert.Null(proxy.ProxyFor(new Uri("http://127.0.0.1:5000/mdm/v2/")));
        Assert.Equal(proxy.Address, proxy.ProxyFor(new Uri("https://vpp.itunes.apple.com/mdm/v2/")));
        Assert.Equal(loopbackToo.Address, loopbackToo.ProxyFor(new Uri("http://127.0.0.1:5000/mdm/v2/")));
        Assert.Null(ProxySettings.Direct.ProxyFor(new Uri("https://vpp.itunes.apple.com/mdm/v2/")));
    }

    [Theory]
    [InlineData("ftp://proxy.contoso.com")]
    [InlineData("svc-vpp:Secret1@proxy.contoso.com:8080")]
    [InlineData("/relative")]
    public void What_is_not_a_proxy_address_is_refused_naming_it(string address)
    {
        var refused = Assert.Throws<VppException>(() => ProxySettings.Through(new Uri(address, UriKind.RelativeOrAbsolute)));
        Assert.Equal(VppErrorIds.InvalidProxy, refused.ErrorId);
        Assert.DoesNotContain("Secret1", refused.Message);
    }

    [Fact]
    public void A_credential_and_the_current_users_credentials_together_are_refused()
    {
        var refused = Assert.Throws<VppException>(() => ProxySettings.Through(new Uri("http://proxy.contoso.com:8080"),
            new System.Net.NetworkCredential("svc-vpp", "secret"), useDefaultCredentials: true));
        Assert.Equal(VppErrorIds.InvalidProxy, refused.ErrorId);
        Assert.DoesNotContain("secret", refused.Message);
    }

    [Fact]
    public void A_runbooks_environment_names_the_proxy_or_direct_or_leaves_the_systems()
    {
        ProxySettings From(params (string Name, string Value)[] variables)
        {
            var values = new Dictionary<string, string>();
            foreach (var (name, value) in variables) values[name] = value;
            return ProxySettings.FromEnvironment(name => values.TryGetValue(name, out var value) ? value : null);
        }

        Assert.Same(ProxySettings.System, From());
        Assert.Same(ProxySettings.Direct, From((ProxySettings.EnvironmentVariable, "DIRECT")));
        var proxy = From((ProxySettings.EnvironmentVariable, "http://runbook:pw@10.0.0.5:3128"), (ProxySettings.LoopbackVariable, "1"));
        Assert.Equal("runbook", proxy.UserName);
        Assert.True(proxy.ProxiesLoopback);
        Assert.False(proxy.UsesDefaultCredentials);
        var refused = Assert.Throws<VppException>(() => From((ProxySettings.EnvironmentVariable, "proxy:3128 with:pw")));
        Assert.Equal(VppErrorIds.InvalidProxy, refused.ErrorId);
        Assert.DoesNotContain("with:pw", refused.Message);
        Assert.Contains(ProxySettings.EnvironmentVariable, refused.Message);
        var noScheme = Assert.Throws<VppException>(() => From((ProxySettings.EnvironmentVariable, "runbook:Secret9@proxy.contoso.com:3128")));
        Assert.Contains(ProxySettings.EnvironmentVariable, noScheme.Message);
        Assert.DoesNotContain("Secret9", noScheme.ToString());
    }
}
