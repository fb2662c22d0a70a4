using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Core.Text;

namespace VppPowerShell;

/// <summary>
/// Every text parameter of every cmdlet, typed or bound from piped input (an Import-Csv row's
/// cells), is refused the same way when it holds a control character such as NUL, with the id
/// <see cref="VppErrorIds.TextHasControlCharacter"/> and the parameter's name, before the cmdlet
/// opens a store or calls Apple.
/// </summary>
internal static class BoundTextCheck
{
    /// <summary>The refusal of the first bound text holding a control character, or null when there is none.</summary>
    public static VppException? FirstRefusal(IDictionary<string, object?> bound)
    {
        foreach (var pair in bound)
        {
            foreach (var text in Texts(pair.Value))
            {
                var index = ControlCharacters.IndexIn(text);
                if (index >= 0) return ControlCharacters.Refusal(pair.Key, text, index);
            }
        }

        return null;
    }

    private static IEnumerable<string> Texts(object? value)
    {
        value = value is PSObject wrapped ? wrapped.BaseObject : value;
        if (Text(value) is { } text)
        {
            yield return text;
        }
        else if (value is IEnumerable items and not IDictionary)
        {
            foreach (var item in items)
            {
                if (Text(item is PSObject inner ? inner.BaseObject : item) is { } element) yield return element;
            }
        }
    }

    /// <summary>A string, or the name a token identity was typed as.</summary>
    private static string? Text(object? value) => value switch
    {
        string text => text,
        VppTokenIdentity { Name: { } name } => name,
        _ => null,
    };
}
