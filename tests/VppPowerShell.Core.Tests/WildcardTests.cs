using VppPowerShell.Core.Text;
using Xunit;

namespace VppPowerShell.Core.Tests;

public sealed class WildcardTests
{
    [Theory]
    [InlineData("Contoso*", "contoso paris", true)]
    [InlineData("*Paris", "Contoso Paris", true)]
    [InlineData("C?ntoso", "Contoso", true)]
    [InlineData("[CF]*", "Fabrikam", true)]
    [InlineData("[CF]*", "Northwind", false)]
    [InlineData("Contoso", "Contoso Paris", false)]
    [InlineData("a.b", "axb", false)]
    [InlineData("100`%", "100%", true)]
    [InlineData("what`?", "what?", true)]
    [InlineData("what`?", "whatx", false)]
    public void Matches_like_PowerShell(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, new Wildcard(pattern).IsMatch(text));
    }
}
