using System;

namespace VppPowerShell.Core.Tokens;

/// <summary>Expiry arithmetic and the warnings admins get long before a token lapses (R-T2).</summary>
public static class TokenExpiry
{
    /// <summary>Tokens expiring within this many days draw a warning from every cmdlet that uses them.</summary>
    public const int WarningDays = 30;

    /// <summary>Days left, a started day counting as one (13 days less a few seconds is 13); negative once expired.</summary>
    public static int DaysUntil(DateTimeOffset expiresOn, DateTimeOffset now)
    {
        var days = (expiresOn - now).TotalDays;
        return days > 0 ? (int)Math.Ceiling(days) : (int)Math.Floor(days);
    }

    /// <summary>The warning for a token, or null when it is more than <see cref="WarningDays"/> days from expiry.</summary>
    public static string? WarningFor(VppToken token)
    {
        var renew = $"Download a new token from Apple Business Manager or Apple School Manager and run Set-VppToken -Name '{token.Name}' -Path <file>: its apps and assignments are kept.";
        if (token.DaysUntilExpiry < 0 || token.State == TokenState.Expired)
        {
            return $"Token '{token.Name}' expired on {token.ExpiresOn:yyyy-MM-dd}: Apple refuses every call made with it. {renew}";
        }

        if (token.DaysUntilExpiry > WarningDays) return null;
        var urgency = token.DaysUntilExpiry <= 7 ? "URGENT: " : string.Empty;
        var days = token.DaysUntilExpiry == 1 ? "1 day" : $"{token.DaysUntilExpiry} days";
        return $"{urgency}Token '{token.Name}' expires in {days}, on {token.ExpiresOn:yyyy-MM-dd}. {renew}";
    }
}
