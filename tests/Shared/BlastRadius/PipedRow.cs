using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>What a piped object means, by the contract: what it is decides, not the keys it carries.</summary>
public enum RowMeaning
{
    /// <summary>A token object: that token.</summary>
    Token,

    /// <summary>An asset object: that asset in its token.</summary>
    Asset,

    /// <summary>An assignment row, a target result, any row with AdamId and a device or user: exactly that license.</summary>
    License,

    /// <summary>A row with a serial number only: that device's licenses.</summary>
    Device,

    /// <summary>A row with a client user id only: that user's licenses.</summary>
    User,

    /// <summary>A job object, or a row naming a job.</summary>
    Job,

    /// <summary>A group object.</summary>
    Group,

    /// <summary>A string: a name the admin listed (a token's, a group's, or a member).</summary>
    Text,

    /// <summary>Anything else: a token or asset row that lost its type, a Graph user.</summary>
    Unrelated,
}

/// <summary>
/// One object an upstream emitted, read as PowerShell holds it (the same properties the binder
/// sees, by name, in any case). A module object keeps its meaning through a round trip that keeps
/// its type (Export-Clixml: PSTypeNames 'Deserialized.&lt;type&gt;'); CSV, JSON and Select-Object
/// copies are plain rows, read by the columns they have.
/// </summary>
public sealed class PipedRow
{
    private static readonly Dictionary<string, RowMeaning> ModuleTypes = new(StringComparer.Ordinal)
    {
        ["VppPowerShell.Core.Tokens.VppToken"] = RowMeaning.Token,
        ["VppPowerShell.Core.ReadModels.VppAsset"] = RowMeaning.Asset,
        ["VppPowerShell.Core.ReadModels.VppAssignment"] = RowMeaning.License,
        ["VppPowerShell.Core.Licensing.VppTargetResult"] = RowMeaning.License,
        ["VppPowerShell.Core.Licensing.VppDevice"] = RowMeaning.Device,
        ["VppPowerShell.Core.ReadModels.VppUser"] = RowMeaning.User,
        ["VppPowerShell.Core.Licensing.VppJob"] = RowMeaning.Job,
        ["VppPowerShell.Core.Licensing.VppGroup"] = RowMeaning.Group,
    };

    private PipedRow(int number, string typeName, RowMeaning meaning, IReadOnlyDictionary<string, string> keys)
    {
        Number = number;
        TypeName = typeName;
        Meaning = meaning;
        Keys = keys;
    }

    /// <summary>1-based position in the pipeline's input.</summary>
    public int Number { get; }

    /// <summary>The .NET type (or 'Deserialized.' type) it was recognised by, else what it is: PSCustomObject, String.</summary>
    public string TypeName { get; }

    public RowMeaning Meaning { get; }

    /// <summary>The text of a string row.</summary>
    public string? Value { get; private init; }

    /// <summary>The non-empty values of the properties the cmdlets bind by name, as text.</summary>
    public IReadOnlyDictionary<string, string> Keys { get; }

    public string? StorePath => Key("StorePath");

    public string? TokenIdText => Key("TokenId");

    public int? TokenId => int.TryParse(TokenIdText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null;

    public string? AdamId => Key("AdamId");

    public string? SerialNumber => Key("SerialNumber");

    public string? ClientUserId => Key("ClientUserId");

    public string? JobId => Key("JobId");

    public string? GroupName => Key("GroupName");

    /// <summary>The devices and users the row names: its serial number and client user id.</summary>
    public IEnumerable<string> Targets => new[] { SerialNumber, ClientUserId }.Where(t => t is not null)!;

    public static PipedRow Read(PSObject item, int number)
    {
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in new[] { "StorePath", "TokenId", "AdamId", "SerialNumber", "ClientUserId", "JobId", "GroupName", "Name" })
        {
            if (Text(item.Properties[name]?.Value) is { } value) keys[name] = value;
        }

        if (item.BaseObject is string text) return new PipedRow(number, "String", RowMeaning.Text, keys) { Value = text.Trim() };
        var baseType = item.BaseObject.GetType().FullName ?? string.Empty;
        var deserialized = item.TypeNames.FirstOrDefault(n => n.StartsWith("Deserialized.", StringComparison.Ordinal) && ModuleTypes.ContainsKey(n.Substring(13)));
        if (ModuleTypes.TryGetValue(baseType, out var meaning)) return new PipedRow(number, ShortName(baseType), meaning, keys);
        if (deserialized is not null) return new PipedRow(number, "Deserialized." + ShortName(deserialized), ModuleTypes[deserialized.Substring(13)], keys);
        return new PipedRow(number, ShortName(baseType), MeaningOfPlainRow(keys), keys);
    }

    public string Describe(World world) =>
        $"#{Number} {TypeName} ({Meaning}) {{{string.Join(", ", Keys.Select(k => $"{k.Key}={(k.Key == "StorePath" ? world.Shown(k.Value) : k.Value)}"))}}}";

    private string? Key(string name) => Keys.TryGetValue(name, out var value) ? value : null;

    private static RowMeaning MeaningOfPlainRow(IReadOnlyDictionary<string, string> keys)
    {
        var target = keys.ContainsKey("SerialNumber") || keys.ContainsKey("ClientUserId");
        if (keys.ContainsKey("AdamId") && target) return RowMeaning.License;
        if (keys.ContainsKey("SerialNumber")) return RowMeaning.Device;
        if (keys.ContainsKey("ClientUserId")) return RowMeaning.User;
        if (keys.ContainsKey("JobId")) return RowMeaning.Job;
        return RowMeaning.Unrelated;
    }

    /// <summary>A property value as text; null for null, blank, or a list (which names no one key).</summary>
    private static string? Text(object? value)
    {
        if (value is PSObject wrapped) value = wrapped.BaseObject;
        if (value is null || (value is IEnumerable && value is not string)) return null;
        var text = Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static string ShortName(string typeName) => typeName.Substring(typeName.LastIndexOf('.') + 1);
}
