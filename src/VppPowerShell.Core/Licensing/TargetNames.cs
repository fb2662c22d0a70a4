using System.Text.RegularExpressions;

namespace VppPowerShell.Core.Licensing;

/// <summary>What a serial number and a client user id may look like, checked before anything is planned.</summary>
public static class TargetNames
{
    private static readonly Regex Serial = new("^[A-Za-z0-9]{8,20}$", RegexOptions.CultureInvariant);

    public static bool IsSerialNumber(string? text) => text is not null && Serial.IsMatch(text);

    public static bool IsClientUserId(string? text) => !string.IsNullOrWhiteSpace(text) && text!.Length <= 256 && text.Trim() == text;

    /// <summary>True for text with * or ?: a licensing change acts on exact devices and users, never on a pattern.</summary>
    public static bool HasWildcard(string? text) => text is not null && text.IndexOfAny(new[] { '*', '?' }) >= 0;

    public static VppException WildcardTarget(string text) =>
        new(VppErrorIds.InvalidTarget, VppErrorCategory.InvalidArgument,
            $"'{text}' is a pattern: licenses are changed for exact devices and users, never for a wildcard. Nothing was changed for it.", text,
            "Name each device or user (Get-VppAssignment -SerialNumber, Get-VppUser show who holds what), or pipe them in.");

    public static VppException InvalidSerial(string? text) =>
        new(VppErrorIds.InvalidTarget, VppErrorCategory.InvalidArgument,
            $"'{text}' is not a device serial number (8 to 20 letters and digits).", text, "Check the serial number column of your input.");

    public static VppException InvalidUser(string? text) =>
        new(VppErrorIds.InvalidTarget, VppErrorCategory.InvalidArgument,
            $"'{text}' is not a usable client user id (empty, longer than 256 characters, or with spaces around it).", text,
            "Check the client user id column of your input.");
}
