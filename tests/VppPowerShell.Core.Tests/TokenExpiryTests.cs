using System;
using VppPowerShell.Core.Tokens;
using Xunit;

namespace VppPowerShell.Core.Tests;

public sealed class TokenExpiryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(45, null)]
    [InlineData(31, null)]
    [InlineData(30, "expires in 30 days")]
    [InlineData(14, "expires in 14 days")]
    [InlineData(7, "URGENT: Token 'Paris' expires in 7 days")]
    [InlineData(1, "URGENT: Token 'Paris' expires in 1 day,")]
    [InlineData(-2, "expired on 2026-11-19")]
    public void Warns_from_30_days_and_more_urgently_from_7_R_T2(int days, string? expected)
    {
        var token = Token(Now.AddDays(days).AddHours(-1));

        var warning = TokenExpiry.WarningFor(token);

        if (expected is null) Assert.Null(warning);
        else Assert.Contains(expected, warning);
    }

    [Fact]
    public void Thirteen_days_less_a_few_seconds_reads_as_13_days_and_30_days_and_an_hour_draws_no_warning()
    {
        Assert.Equal(13, Token(Now.AddDays(13).AddSeconds(-5)).DaysUntilExpiry);
        Assert.Contains("expires in 13 days", TokenExpiry.WarningFor(Token(Now.AddDays(13).AddSeconds(-5))));
        Assert.Null(TokenExpiry.WarningFor(Token(Now.AddDays(30).AddHours(1))));
    }

    [Fact]
    public void An_expired_token_reads_as_expired_whatever_was_stored()
    {
        var token = Token(Now.AddMinutes(-1));

        Assert.Equal(TokenState.Expired, token.State);
        Assert.Equal(-1, token.DaysUntilExpiry);
    }

    private static VppToken Token(DateTimeOffset expiresOn) =>
        new(1, "Paris", "Contoso", "vpp@contoso.com", "FR", AccountType.Business, true, expiresOn, TokenState.Valid,
            SyncState.None, null, null, Now.AddYears(-1), null, Now);
}
