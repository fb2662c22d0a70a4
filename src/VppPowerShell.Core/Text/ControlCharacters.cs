using System.Globalization;

namespace VppPowerShell.Core.Text;

/// <summary>
/// Control characters in text given to the module (a parameter, a CSV cell): NUL, which PostgreSQL
/// cannot store, and the other C0 controls, which no name, serial number or id holds. Tab, line
/// feed and carriage return are ordinary text. Every entry point refuses them the same way,
/// before anything is written or sent.
/// </summary>
public static class ControlCharacters
{
    /// <summary>The position of the first control character in <paramref name="text"/>, or -1.</summary>
    public static int IndexIn(string? text)
    {
        if (text is null) return -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] < ' ' && text[i] is not ('\t' or '\n' or '\r')) return i;
        }

        return -1;
    }

    /// <summary>What is wrong with the text of <paramref name="source"/> ("-Name", "column AdamId"), whose first control character is at <paramref name="index"/>.</summary>
    public static string Describe(string source, string text, int index) =>
        $"{source} holds the control character U+{((int)text[index]).ToString("X4", CultureInfo.InvariantCulture)}{(text[index] == '\0' ? " (NUL)" : string.Empty)} at position {(index + 1).ToString(CultureInfo.InvariantCulture)}; no name, serial number or id can hold it.";

    /// <summary>The refusal of a parameter's value (<paramref name="parameterName"/> without the dash).</summary>
    public static VppException Refusal(string parameterName, string text, int index) =>
        new(VppErrorIds.TextHasControlCharacter, VppErrorCategory.InvalidArgument,
            Describe("-" + parameterName, text, index) + " Nothing was written or sent.",
            target: parameterName,
            recommendedAction: "Remove the control character from the value (from the file's cell when it came from a CSV file), then run the command again.");
}
