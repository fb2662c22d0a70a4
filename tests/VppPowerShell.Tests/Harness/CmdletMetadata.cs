using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace VppPowerShell.Tests.Harness;

/// <summary>
/// What PowerShell would read from a cmdlet class, taken from metadata (CustomAttributeData):
/// the PowerShellStandard stub's attribute instances return nulls at run time.
/// </summary>
public sealed class CmdletMetadata
{
    public const string AllSets = "__AllParameterSets";

    private CmdletMetadata(Type type, string verb, string noun, IReadOnlyDictionary<string, object?> options,
        IReadOnlyList<Type> outputTypes, IReadOnlyList<ParameterMetadata> parameters)
    {
        Type = type;
        Verb = verb;
        Noun = noun;
        DefaultParameterSetName = options.TryGetValue("DefaultParameterSetName", out var set) ? (string?)set : null;
        SupportsShouldProcess = options.TryGetValue("SupportsShouldProcess", out var should) && (bool)should!;
        ConfirmImpact = options.TryGetValue("ConfirmImpact", out var impact) ? (ConfirmImpact)(int)impact! : ConfirmImpact.Medium;
        OutputTypes = outputTypes;
        Parameters = parameters;
    }

    public static Assembly ModuleAssembly => typeof(VppCmdlet).Assembly;

    public static IReadOnlyList<CmdletMetadata> All { get; } = ModuleAssembly.GetTypes()
        .Where(t => !t.IsAbstract && t.GetCustomAttributesData().Any(a => a.AttributeType == typeof(CmdletAttribute)))
        .Select(From)
        .OrderBy(c => c.Name, StringComparer.Ordinal)
        .ToList();

    public Type Type { get; }

    public string Verb { get; }

    public string Noun { get; }

    public string Name => $"{Verb}-{Noun}";

    public string? DefaultParameterSetName { get; }

    public bool SupportsShouldProcess { get; }

    public ConfirmImpact ConfirmImpact { get; }

    public IReadOnlyList<Type> OutputTypes { get; }

    public IReadOnlyList<ParameterMetadata> Parameters { get; }

    public IReadOnlyList<string> ParameterSetNames
    {
        get
        {
            var sets = Parameters.SelectMany(p => p.Sets.Select(s => s.SetName)).Where(s => s != AllSets).Distinct().ToList();
            return sets.Count == 0 ? new[] { AllSets } : sets;
        }
    }

    public static CmdletMetadata Find(string name) =>
        All.SingleOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"The term '{name}' is not a VppPowerShell cmdlet.");

    public ParameterMetadata? Parameter(string nameOrAlias) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, nameOrAlias, StringComparison.OrdinalIgnoreCase))
        ?? Parameters.FirstOrDefault(p => p.Aliases.Any(a => string.Equals(a, nameOrAlias, StringComparison.OrdinalIgnoreCase)));

    public override string ToString() => Name;

    private static CmdletMetadata From(Type type)
    {
        var cmdlet = type.GetCustomAttributesData().Single(a => a.AttributeType == typeof(CmdletAttribute));
        var options = cmdlet.NamedArguments.ToDictionary(n => n.MemberName, n => n.TypedValue.Value);
        var outputs = type.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(OutputTypeAttribute))
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many
                ? many.Select(m => m.Value)
                : new[] { arg.Value })
            .OfType<Type>()
            .ToList();
        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(ParameterMetadata.From)
            .Where(p => p is not null)
            .Select(p => p!)
            .ToList();
        return new CmdletMetadata(type, (string)cmdlet.ConstructorArguments[0].Value!,
            (string)cmdlet.ConstructorArguments[1].Value!, options, outputs, parameters);
    }
}

/// <summary>One parameter of a cmdlet, as its attributes declare it.</summary>
public sealed class ParameterMetadata
{
    private ParameterMetadata(PropertyInfo property, IReadOnlyList<ParameterSetMetadata> sets,
        IReadOnlyList<string> aliases, IReadOnlyList<CustomAttributeData> validations)
    {
        Property = property;
        Sets = sets;
        Aliases = aliases;
        Validations = validations;
    }

    public PropertyInfo Property { get; }

    public string Name => Property.Name;

    public Type Type => Property.PropertyType;

    public bool IsSwitch => Type == typeof(SwitchParameter);

    public IReadOnlyList<ParameterSetMetadata> Sets { get; }

    public IReadOnlyList<string> Aliases { get; }

    public IReadOnlyList<CustomAttributeData> Validations { get; }

    public bool InSet(string setName) => Sets.Any(s => s.SetName == setName || s.SetName == CmdletMetadata.AllSets);

    public ParameterSetMetadata? ForSet(string setName) =>
        Sets.FirstOrDefault(s => s.SetName == setName) ?? Sets.FirstOrDefault(s => s.SetName == CmdletMetadata.AllSets);

    public override string ToString() => Name;

    internal static ParameterMetadata? From(PropertyInfo property)
    {
        var attributes = property.GetCustomAttributesData();
        var sets = attributes.Where(a => a.AttributeType == typeof(ParameterAttribute)).Select(ParameterSetMetadata.From).ToList();
        if (sets.Count == 0) return null;
        var aliases = attributes.Where(a => a.AttributeType == typeof(AliasAttribute))
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => (string)m.Value!) : new[] { (string)arg.Value! })
            .ToList();
        var validations = attributes.Where(a => typeof(ValidateArgumentsAttribute).IsAssignableFrom(a.AttributeType)).ToList();
        return new ParameterMetadata(property, sets, aliases, validations);
    }
}

/// <summary>A parameter's place in one parameter set.</summary>
public sealed class ParameterSetMetadata
{
    public string SetName { get; private init; } = CmdletMetadata.AllSets;

    public bool Mandatory { get; private init; }

    public int Position { get; private init; } = int.MinValue;

    public bool ValueFromPipeline { get; private init; }

    public bool ValueFromPipelineByPropertyName { get; private init; }

    public string? HelpMessage { get; private init; }

    internal static ParameterSetMetadata From(CustomAttributeData attribute)
    {
        var named = attribute.NamedArguments.ToDictionary(n => n.MemberName, n => n.TypedValue.Value);
        return new ParameterSetMetadata
        {
            SetName = named.TryGetValue(nameof(ParameterAttribute.ParameterSetName), out var set) ? (string)set! : CmdletMetadata.AllSets,
            Mandatory = named.TryGetValue(nameof(ParameterAttribute.Mandatory), out var m) && (bool)m!,
            Position = named.TryGetValue(nameof(ParameterAttribute.Position), out var p) ? (int)p! : int.MinValue,
            ValueFromPipeline = named.TryGetValue(nameof(ParameterAttribute.ValueFromPipeline), out var v) && (bool)v!,
            ValueFromPipelineByPropertyName = named.TryGetValue(nameof(ParameterAttribute.ValueFromPipelineByPropertyName), out var b) && (bool)b!,
            HelpMessage = named.TryGetValue(nameof(ParameterAttribute.HelpMessage), out var h) ? (string?)h : null,
        };
    }
}
