using VppPowerShell.Completion;
using Xunit;

namespace VppPowerShell.Tests.Binding;

public sealed class CompletionQuotingTests
{
    [Theory]
    [InlineData("Paris", "Paris")]
    [InlineData("Contoso Paris", "'Contoso Paris'")]
    [InlineData("O'Brien", "'O''Brien'")]
    [InlineData("O\u2019Brien", "'O\u2019\u2019Brien'")]
    [InlineData("a$b", "'a$b'")]
    [InlineData("-dash", "'-dash'")]
    [InlineData("x,y", "'x,y'")]
    public void Values_are_quoted_the_PowerShell_way(string value, string expected) =>
        Assert.Equal(expected, StoreCompletion.Quote(value));

    [Fact]
    public void A_quote_the_user_opened_is_kept()
    {
        Assert.Equal("Contoso P", StoreCompletion.Unquote("'Contoso P", out var single));
        Assert.Equal("'Contoso Paris'", StoreCompletion.Quote("Contoso Paris", single));
        Assert.Equal("O'B", StoreCompletion.Unquote("'O''B", out _));
        Assert.Equal("Con", StoreCompletion.Unquote("\"Con", out var dbl));
        Assert.Equal("\"Pay `$5\"", StoreCompletion.Quote("Pay $5", dbl));
        Assert.Equal("'Paris'", StoreCompletion.Quote("Paris", single));
    }
}
