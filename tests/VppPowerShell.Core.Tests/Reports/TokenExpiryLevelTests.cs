using VppPowerShell.Core.Reports;
using VppPowerShell.Core.Tokens;
using Xunit;

namespace VppPowerShell.Core.Tests.Reports;

public sealed class TokenExpiryLevelTests
{
    [Theory]
    [InlineData(365, TokenExpiryLevel.None)]
    [InlineData(31, TokenExpiryLevel.None)]
    [InlineData(30, TokenExpiryLevel.Within30Days)]
    [InlineData(15, TokenExpiryLevel.Within30Days)]
    [InlineData(14, TokenExpiryLevel.Within14Days)]
    [InlineData(8, TokenExpiryLevel.Within14Days)]
    [InlineData(7, TokenExpiryLevel.Within7Days)]
    [InlineData(0, TokenExpiryLevel.Within7Days)]
    [InlineData(-1, TokenExpiryLevel.Expired)]
    public void Warns_at_30_14_and_7_days_R_T2(int days, TokenExpiryLevel expected)
    {
        Assert.Equal(expected, TokenExpiryLevels.For(days, TokenState.Valid));
    }

    [Fact]
    public void A_token_stored_as_expired_is_expired_whatever_the_days()
    {
        Assert.Equal(TokenExpiryLevel.Expired, TokenExpiryLevels.For(40, TokenState.Expired));
    }
}
