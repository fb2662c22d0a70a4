using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell;

/// <summary>
/// One object that reached a command through the pipeline, and what it is: the module's own objects
/// by their type (also after Export-Clixml/Import-Clixml), any other row by the license, device or
/// user it names. Container keys it carries (TokenId, AdamId, its store) say where it lives, never
/// what it means.
/// </summary>
public sealed class PipedObject
{
    private static readonly Dictionary<string, PipedKind> ModuleTypes = new(StringComparer.Ordinal)
    {
        [typeof(VppToken).FullName!] = PipedKind.Token,
        [typeof(VppAsset).FullName!] = PipedKind.Asset,
        [typeof(VppGroup).FullName!] = PipedKind.Group,
        [typeof(VppJob).FullName!] = PipedKind.Job,
    };

    public PipedObject(PSObject value)
    {
        Value = value ?? throw new ArgumentNullException(nameof(value));
        Kind = KindOf(value);
    }

    public PSObject Value { get; }

    public PipedKind Kind { get; }

    /// <summary>The property's text, or null when the object has no such property or it is empty (an empty CSV cell is not given).</summary>
    public string? Text(string property)
    {
        if (Value.BaseObject is string) return null;
        var value = Value.Properties[property]?.Value;
        if (value is PSObject wrapped) value = wrapped.BaseObject;
        var text = value switch
        {
            null => null,
            string s => s,
            System.Collections.IEnumerable list => string.Join(",", list.Cast<object?>().Select(v => v?.ToString())),
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
        };
        return string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
    }

    public bool Has(string property) => Text(property) is not null;

    /// <summary>How an error names this object: "a VppUser (ClientUserId u000001, TokenId 1)".</summary>
    public string Describe()
    {
        if (Value.BaseObject is string text) return $"the text '{text}'";
        var type = Value.TypeNames.FirstOrDefault() ?? Value.BaseObject.GetType().FullName ?? "object";
        var shortType = type.Substring(type.LastIndexOf('.') + 1);
        var keys = new[] { "TokenId", "Name", "AdamId", "SerialNumber", "ClientUserId", "GroupName", "JobId" }
            .Select(p => (p, Text(p))).Where(p => p.Item2 is not null).Select(p => $"{p.p} {p.Item2}").ToList();
        var article = "aeiouAEIOU".IndexOf(shortType[0]) >= 0 ? "an" : "a";
        return keys.Count == 0 ? $"{article} {shortType} object" : $"{article} {shortType} ({string.Join(", ", keys)})";
    }

    private PipedKind KindOf(PSObject value)
    {
        if (value.BaseObject is string) return PipedKind.Text;
        foreach (var typeName in value.TypeNames)
        {
            var name = typeName.StartsWith("Deserialized.", StringComparison.Ordinal) ? typeName.Substring("Deserialized.".Length) : typeName;
            if (ModuleTypes.TryGetValue(name, out var kind)) return kind;
        }

        var device = Has(nameof(VppAssignment.SerialNumber));
        var user = Has(nameof(VppAssignment.ClientUserId));
        if ((device || user) && Has(nameof(VppAssignment.AdamId))) return PipedKind.License;
        if (device) return PipedKind.Device;
        if (user) return PipedKind.User;
        return PipedKind.Other;
    }
}
