using VppPowerShell.Core.Tokens;

namespace VppPowerShell.Core.Reports;

/// <summary>How close a token is to expiry, in the steps admins are warned at (R-T2: 30, 14 and 7 days).</summary>
public enum TokenExpiryLevel
{
    /// <summary>More than 30 days left.</summary>
    None,

    /// <summary>15 to 30 days left.</summary>
    Within30Days,

    /// <summary>8 to 14 days left.</summary>
    Within14Days,

    /// <summary>0 to 7 days left (0 is the last day).</summary>
    Within7Days,

    /// <summary>Expired: Apple refuses every call made with it.</summary>
    Expired,
}

/// <summary>The warning steps of R-T2.</summary>
public static class TokenExpiryLevels
{
    public const int FirstWarningDays = TokenExpiry.WarningDays;
    public const int SecondWarningDays = 14;
    public const int LastWarningDays = 7;

    public static TokenExpiryLevel For(int daysUntilExpiry, TokenState state)
    {
        if (daysUntilExpiry < 0 || state == TokenState.Expired) return TokenExpiryLevel.Expired;
        if (daysUntilExpiry <= LastWarningDays) return TokenExpiryLevel.Within7Days;
        if (daysUntilExpiry <= SecondWarningDays) return TokenExpiryLevel.Within14Days;
        if (daysUntilExpiry <= FirstWarningDays) return TokenExpiryLevel.Within30Days;
        return TokenExpiryLevel.None;
    }

    public static TokenExpiryLevel For(VppToken token) => For(token.DaysUntilExpiry, token.State);
}
