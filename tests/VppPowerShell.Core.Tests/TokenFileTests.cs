using System;
using VppPowerShell.Core;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Core.Tests;

public sealed class TokenFileTests
{
    [Fact]
    public void Parses_the_example_file_of_API_section_2_1()
    {
        const string content = "eyJ0b2tlbiI6IlF6UlNhRzlqYTNOcGJYVnNZWFJ2Y2c9PSIsImV4cERhdGUiOiIyMDMxLTAzLTE0VDA5OjI2OjUzKzAwMDAiLCJvcmdOYW1lIjoiQ29udG9zbyBTY2hvb2xzIn0=";

        var file = TokenFile.Parse(content + "\n", "example.vpptoken");

        Assert.Equal("QzRSaG9ja3NpbXVsYXRvcg==", file.Secret);
        Assert.Equal(new DateTimeOffset(2031, 3, 14, 9, 26, 53, TimeSpan.Zero), file.ExpiresOn);
        Assert.Equal("Contoso Schools", file.OrganizationName);
        Assert.Equal(content, file.Content);
    }

    [Theory]
    [InlineData("2031-03-14T09:26:53Z")]
    [InlineData("2031-03-14T11:26:53+02:00")]
    [InlineData("2031-03-14T11:26:53+0200")]
    [InlineData("2031-03-14T09:26:53.000+0000")]
    [InlineData("2031-03-14T09:26:53")]
    public void Reads_the_expiry_dates_Apple_and_others_write(string text)
    {
        Assert.True(TokenFile.TryParseExpiry(text, out var value));
        Assert.Equal(new DateTimeOffset(2031, 3, 14, 9, 26, 53, TimeSpan.Zero), value);
    }

    [Fact]
    public void Its_text_form_names_the_organization_and_never_the_secret()
    {
        var test = new TestTokenFile(secret: "SECRET-VALUE-123");
        var file = TokenFile.Parse(test.Content, "x");

        Assert.DoesNotContain("SECRET-VALUE-123", file.ToString());
        Assert.DoesNotContain(test.Content, file.ToString());
        Assert.Contains("Contoso Schools", file.ToString());
    }

    [Fact]
    public void The_fingerprint_is_stable_and_reveals_nothing()
    {
        var test = new TestTokenFile(secret: "SECRET-VALUE-123");

        var first = TokenFile.Parse(test.Content, "a").Fingerprint;
        var second = TokenFile.Parse(" " + test.Content + " ", "b").Fingerprint;

        Assert.Equal(first, second);
        Assert.Equal(64, first.Length);
        Assert.DoesNotContain("SECRET", first, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_JSON_array_is_not_a_token()
    {
        var error = Assert.Throws<VppException>(() => TokenFile.Parse(TestTokenFile.Base64("[1,2]"), "array.vpptoken"));

        Assert.Equal(VppErrorIds.TokenFileNotJson, error.ErrorId);
        Assert.Equal("array.vpptoken", error.Target);
    }
}
