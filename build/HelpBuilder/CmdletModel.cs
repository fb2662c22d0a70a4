using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Reflection;

namespace VppPowerShell.Build.Help;

/// <summary>How a parameter binds in one parameter set.</summary>
internal sealed record ParameterBinding(string SetName, bool Mandatory, int? Position, bool ByValue, bool ByPropertyName);

/// <summary>A cmdlet parameter: a public property with one or more [Parameter] attributes.</summary>
internal sealed record ParameterModel(
    string Name,
    Type Type,
    string Description,
    IReadOnlyList<ParameterBinding> Bindings,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> ValidValues,
    bool SupportsWildcards)
{
    public bool IsSwitch => Type.FullName == CmdletModel.SwitchParameterType;

    public bool InSet(string set) => Bindings.Any(b => b.SetName == set || b.SetName == CmdletModel.AllParameterSets);

    public ParameterBinding BindingFor(string set) =>
        Bindings.FirstOrDefault(b => b.SetName == set) ?? Bindings.First(b => b.SetName == CmdletModel.AllParameterSets);
}

/// <summary>A cmdlet as help sees it, read from metadata (CustomAttributeData) and doc comments.</summary>
internal sealed record CmdletModel(
    string Verb,
    string Noun,
    string Synopsis,
    IReadOnlyList<string> Description,
    IReadOnlyList<DocExample> Examples,
    IReadOnlyList<ParameterModel> Parameters,
    IReadOnlyList<string> ParameterSets,
    IReadOnlyList<Type> OutputTypes,
    bool SupportsShouldProcess,
    string? HelpUri,
    string? DefaultParameterSet)
{
    public const string AllParameterSets = "__AllParameterSets";
    public const string SwitchParameterType = "System.Management.Automation.SwitchParameter";
    private const string Automation = "System.Management.Automation.";

    public string Name => Verb + "-" + Noun;

    /// <summary>The public, non-abstract classes of the assembly that carry [Cmdlet], by name.</summary>
    public static IReadOnlyList<Type> CmdletTypes(Assembly assembly) =>
        assembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsAbstract && Attribute(t.GetCustomAttributesData(), "CmdletAttribute") is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();

    /// <summary>Reads one cmdlet class; adds to <paramref name="problems"/> what its help lacks.</summary>
    public static CmdletModel Read(Type type, DocComments docs, List<string> problems)
    {
        var cmdlet = Attribute(type.GetCustomAttributesData(), "CmdletAttribute")!;
        var verb = (string)cmdlet.ConstructorArguments[0].Value!;
        var noun = (string)cmdlet.ConstructorArguments[1].Value!;
        var name = verb + "-" + noun;
        var defaultSet = Named<string>(cmdlet, "DefaultParameterSetName");
        var shouldProcess = Named<bool>(cmdlet, "SupportsShouldProcess");

        var typeId = DocComments.TypeId(type);
        var synopsis = docs.Summary(typeId);
        if (synopsis.Length == 0) problems.Add($"{name} ({type.FullName}): no <summary> doc comment (the synopsis).");

        var parameters = new List<ParameterModel>();
        foreach (var property in PublicProperties(type))
        {
            var parameter = ReadParameter(property, docs);
            if (parameter is null) continue;
            if (parameter.Description.Length == 0)
            {
                problems.Add($"{name} -{parameter.Name} ({property.DeclaringType!.FullName}.{property.Name}): no <summary> doc comment.");
            }

            parameters.Add(parameter);
        }

        var sets = parameters.SelectMany(p => p.Bindings).Select(b => b.SetName)
            .Where(s => s != AllParameterSets).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
        if (defaultSet is not null && sets.Remove(defaultSet)) sets.Insert(0, defaultSet);
        if (sets.Count == 0) sets.Add(AllParameterSets);

        var outputs = type.GetCustomAttributesData()
            .Where(a => a.AttributeType.FullName == Automation + "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(Flatten)
            .OfType<Type>()
            .Where(t => t != typeof(void))
            .Distinct()
            .ToList();

        return new CmdletModel(verb, noun, synopsis, docs.Paragraphs(typeId, "remarks"), docs.Examples(typeId),
            parameters.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToList(), sets, outputs, shouldProcess,
            Named<string>(cmdlet, "HelpUri"), defaultSet);
    }

    /// <summary>What the cmdlet takes from the pipeline: a type name and a sentence for each entry.</summary>
    public IEnumerable<(string Type, string Text)> Inputs()
    {
        var byValue = Parameters.Where(p => p.Bindings.Any(b => b.ByValue)).ToList();
        var byName = Parameters.Where(p => p.Bindings.Any(b => b.ByPropertyName) && !byValue.Contains(p)).ToList();
        foreach (var parameter in byValue)
        {
            yield return (TypeNames.Full(parameter.Type), $"You can pipe {TypeNames.Short(parameter.Type)} values to -{parameter.Name}.");
        }

        if (byName.Count > 0)
        {
            var names = string.Join(", ", byName.Select(p => p.Name));
            yield return ("System.Management.Automation.PSObject", $"You can pipe objects that have these properties, bound by name: {names}.");
        }

        if (byValue.Count == 0 && byName.Count == 0) yield return ("None", "This cmdlet takes no pipeline input.");
    }

    /// <summary>What the cmdlet writes to the pipeline ([OutputType]): a type name and a sentence for each entry.</summary>
    public IEnumerable<(string Type, string Text)> Outputs() =>
        OutputTypes.Count == 0
            ? new[] { ("None", "This cmdlet returns no output.") }
            : OutputTypes.Select(t => (TypeNames.Full(t), string.Empty));

    /// <summary>The parameters of one set in the order PowerShell shows them: positional, mandatory, optional.</summary>
    public IEnumerable<ParameterModel> SyntaxOrder(string set) =>
        Parameters.Where(p => p.InSet(set))
            .OrderBy(p => p.BindingFor(set).Position ?? int.MaxValue)
            .ThenBy(p => p.BindingFor(set).Mandatory ? 0 : 1)
            .ThenBy(p => p.IsSwitch ? 1 : 0)
            .ThenBy(p => p.Name, StringComparer.OrdinalIgnoreCase);

    private static ParameterModel? ReadParameter(PropertyInfo property, DocComments docs)
    {
        var attributes = property.GetCustomAttributesData();
        // A hidden parameter (DontShow, as PowerShell's own syntax leaves it out) is no part of the help.
        var declared = attributes.Where(a => a.AttributeType.FullName == Automation + "ParameterAttribute").ToList();
        if (declared.Count > 0 && declared.All(a => Named<bool>(a, "DontShow"))) return null;
        var bindings = attributes
            .Where(a => a.AttributeType.FullName == Automation + "ParameterAttribute")
            .Select(a => new ParameterBinding(
                Named<string>(a, "ParameterSetName") ?? AllParameterSets,
                Named<bool>(a, "Mandatory"),
                Named<int?>(a, "Position") is { } position && position >= 0 ? position : null,
                Named<bool>(a, "ValueFromPipeline"),
                Named<bool>(a, "ValueFromPipelineByPropertyName")))
            .ToList();
        if (bindings.Count == 0) return null;

        var aliases = Strings(Attribute(attributes, "AliasAttribute"));
        var validValues = Strings(Attribute(attributes, "ValidateSetAttribute")).ToList();
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (validValues.Count == 0 && type.IsEnum) validValues.AddRange(Enum.GetNames(type));

        var description = docs.Summary(DocComments.PropertyId(property.DeclaringType!, property.Name));
        return new ParameterModel(property.Name, property.PropertyType, description, bindings, aliases, validValues,
            Attribute(attributes, "SupportsWildcardsAttribute") is not null);
    }

    /// <summary>Public instance properties, inherited ones included; a property hidden with 'new' counts once.</summary>
    private static IEnumerable<PropertyInfo> PublicProperties(Type type)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var property in current.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (seen.Add(property.Name)) yield return property;
            }
        }
    }

    private static CustomAttributeData? Attribute(IEnumerable<CustomAttributeData> attributes, string name) =>
        attributes.FirstOrDefault(a => a.AttributeType.FullName == Automation + name);

    private static T? Named<T>(CustomAttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.MemberName == name && argument.TypedValue.Value is T value) return value;
        }

        return default;
    }

    private static IReadOnlyList<string> Strings(CustomAttributeData? attribute) =>
        attribute is null
            ? Array.Empty<string>()
            : attribute.ConstructorArguments.SelectMany(Flatten).OfType<string>().ToList();

    /// <summary>A constructor argument's values; params arrays arrive as a collection of typed arguments.</summary>
    private static IEnumerable<object?> Flatten(CustomAttributeTypedArgument argument) =>
        argument.Value is ReadOnlyCollection<CustomAttributeTypedArgument> items
            ? items.Select(i => i.Value)
            : new[] { argument.Value };
}
