using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace VppPowerShell.Tests.Harness;

/// <summary>A cmdlet of the module as PowerShell itself describes it (Get-Command).</summary>
public sealed class CmdletMetadata
{
    public const string AllSets = "__AllParameterSets";

    private static readonly Lazy<IReadOnlyList<CmdletMetadata>> Loaded = new(Load);

    private CmdletMetadata(CmdletInfo info)
    {
        var command = new CommandMetadata(info);
        Type = info.ImplementingType;
        Verb = info.Verb;
        Noun = info.Noun;
        DefaultParameterSetName = info.DefaultParameterSet;
        SupportsShouldProcess = command.SupportsShouldProcess;
        ConfirmImpact = command.ConfirmImpact;
        OutputTypes = info.OutputType.Select(t => t.Type).Where(t => t is not null).ToList();
        ParameterSetNames = info.ParameterSets.Select(s => s.Name).ToList();
        Parameters = info.ParameterSets
            .SelectMany(set => set.Parameters.Select(p => (Set: set.Name, Parameter: p)))
            .Where(p => !IsCommon(p.Parameter.Name))
            .GroupBy(p => p.Parameter.Name, StringComparer.OrdinalIgnoreCase)
            .Select(g => new ParameterMetadata(Type.GetProperty(g.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)!,
                g.Select(p => new ParameterSetMetadata(p.Set, p.Parameter)).ToList(), g.First().Parameter.Aliases.ToList()))
            .ToList();
    }

    public static Assembly ModuleAssembly => typeof(VppCmdlet).Assembly;

    public static IReadOnlyList<CmdletMetadata> All => Loaded.Value;

    public Type Type { get; }

    public string Verb { get; }

    public string Noun { get; }

    public string Name => $"{Verb}-{Noun}";

    public string? DefaultParameterSetName { get; }

    public bool SupportsShouldProcess { get; }

    public ConfirmImpact ConfirmImpact { get; }

    public IReadOnlyList<Type> OutputTypes { get; }

    /// <summary>The cmdlet's own parameters, without the common ones.</summary>
    public IReadOnlyList<ParameterMetadata> Parameters { get; }

    public IReadOnlyList<string> ParameterSetNames { get; }

    public static CmdletMetadata Find(string name) =>
        All.SingleOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"The term '{name}' is not a VppPowerShell cmdlet.");

    public ParameterMetadata? Parameter(string nameOrAlias) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, nameOrAlias, StringComparison.OrdinalIgnoreCase))
        ?? Parameters.FirstOrDefault(p => p.Aliases.Any(a => string.Equals(a, nameOrAlias, StringComparison.OrdinalIgnoreCase)));

    public override string ToString() => Name;

    private static bool IsCommon(string name) =>
        Cmdlet.CommonParameters.Contains(name) || Cmdlet.OptionalCommonParameters.Contains(name);

    private static IReadOnlyList<CmdletMetadata> Load()
    {
        using var runspace = InProcessPowerShell.Open(new TestHost());
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = runspace;
        var found = shell.AddCommand("Get-Command").AddParameter("Module", "VppPowerShell").AddParameter("CommandType", CommandTypes.Cmdlet).Invoke();
        return found.Select(o => new CmdletMetadata((CmdletInfo)o.BaseObject)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
    }
}

/// <summary>One parameter of a cmdlet, as Get-Command shows it.</summary>
public sealed class ParameterMetadata
{
    internal ParameterMetadata(PropertyInfo property, IReadOnlyList<ParameterSetMetadata> sets, IReadOnlyList<string> aliases)
    {
        Property = property;
        Sets = sets;
        Aliases = aliases;
    }

    /// <summary>The cmdlet class's property, where its XML documentation is.</summary>
    public PropertyInfo Property { get; }

    public string Name => Property.Name;

    public Type Type => Property.PropertyType;

    public bool IsSwitch => Type == typeof(SwitchParameter);

    /// <summary>Hidden (DontShow), as the pipeline's InputObject is: in no help and no syntax.</summary>
    public bool IsHidden => Property.GetCustomAttributes<ParameterAttribute>().All(a => a.DontShow);

    public IReadOnlyList<ParameterSetMetadata> Sets { get; }

    public IReadOnlyList<string> Aliases { get; }

    public bool InSet(string setName) => Sets.Any(s => s.SetName == setName || s.SetName == CmdletMetadata.AllSets);

    public ParameterSetMetadata? ForSet(string setName) =>
        Sets.FirstOrDefault(s => s.SetName == setName) ?? Sets.FirstOrDefault(s => s.SetName == CmdletMetadata.AllSets);

    public override string ToString() => Name;
}

/// <summary>A parameter's place in one parameter set.</summary>
public sealed class ParameterSetMetadata
{
    internal ParameterSetMetadata(string setName, CommandParameterInfo parameter)
    {
        SetName = setName;
        Mandatory = parameter.IsMandatory;
        Position = parameter.Position;
        ValueFromPipeline = parameter.ValueFromPipeline;
        ValueFromPipelineByPropertyName = parameter.ValueFromPipelineByPropertyName;
        HelpMessage = parameter.HelpMessage;
    }

    public string SetName { get; }

    public bool Mandatory { get; }

    public int Position { get; }

    public bool ValueFromPipeline { get; }

    public bool ValueFromPipelineByPropertyName { get; }

    public string? HelpMessage { get; }
}
