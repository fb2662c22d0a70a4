using System.Text;
using System.Text.RegularExpressions;

namespace VppPowerShell.Core.Text;

/// <summary>
/// PowerShell's wildcard rules (<c>*</c>, <c>?</c>, <c>[a-c]</c>, backtick escapes), case-insensitive,
/// kept in the engine so it works without PowerShell's runtime.
/// </summary>
public sealed class Wildcard
{
    private readonly Regex regex;

    public Wildcard(string pattern)
    {
        Pattern = pattern;
        regex = new Regex(ToRegex(pattern), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    public string Pattern { get; }

    public static bool ContainsWildcard(string text) =>
        text.IndexOfAny(new[] { '*', '?', '[' }) >= 0;

    public bool IsMatch(string text) => regex.IsMatch(text);

    private static string ToRegex(string pattern)
    {
        var result = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '`' && i + 1 < pattern.Length)
            {
                result.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else if (c == '*')
            {
                result.Append(".*");
            }
            else if (c == '?')
            {
                result.Append('.');
            }
            else if (c == '[' && pattern.IndexOf(']', i + 1) > i + 1)
            {
                var end = pattern.IndexOf(']', i + 1);
                result.Append('[').Append(pattern.Substring(i + 1, end - i - 1).Replace("\\", "\\\\").Replace("^", "\\^")).Append(']');
                i = end;
            }
            else
            {
                result.Append(Regex.Escape(c.ToString()));
            }
        }

        return result.Append('$').ToString();
    }
}
