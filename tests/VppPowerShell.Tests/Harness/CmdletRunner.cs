using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace VppPowerShell.Tests.Harness;

/// <summary>
/// Runs a real cmdlet class by its PowerShell name, binding named parameters and pipeline input
/// (by value and by property name) the way PowerShell does, through the recording host.
/// </summary>
public static class CmdletRunner
{
    private static readonly string[] CommonParameters = { "WhatIf", "Confirm", "Verbose", "ErrorAction", "WarningAction" };

    /// <param name="commandName">For example "Add-VppToken".</param>
    /// <param name="parameters">Named parameters: an anonymous object or a dictionary. Switches take true or false.</param>
    /// <param name="input">Pipeline input: objects, or dictionaries standing for PSCustomObject rows such as Import-Csv's.</param>
    /// <param name="configure">Sets how the host answers prompts, whether it is interactive, and so on.</param>
    public static CmdletResult Invoke(string commandName, object? parameters = null, IEnumerable<object?>? input = null,
        Action<RecordingHost>? configure = null)
    {
        var metadata = CmdletMetadata.Find(commandName);
        var host = new RecordingHost { CommandImpact = metadata.ConfirmImpact };
        configure?.Invoke(host);
        var cmdlet = (VppCmdlet)Activator.CreateInstance(metadata.Type)!;
        cmdlet.CmdletHost = host;
        var named = ToDictionary(parameters);
        var bound = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        foreach (var (name, value) in named)
        {
            if (CommonParameters.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                BindCommon(host, name, value);
                continue;
            }

            var parameter = metadata.Parameter(name)
                ?? throw new ParameterBindingFailedException($"A parameter cannot be found that matches parameter name '{name}'.");
            Bind(cmdlet, parameter, value);
            bound.Add(parameter.Name);
        }

        var inputs = input?.ToList();
        var candidates = metadata.ParameterSetNames
            .Where(set => bound.All(p => metadata.Parameter(p)!.InSet(set)))
            .ToList();
        if (candidates.Count == 0)
        {
            throw new ParameterBindingFailedException($"Parameter set cannot be resolved using the specified named parameters: {string.Join(", ", bound)}.");
        }

        try
        {
            if (inputs is null)
            {
                host.ParameterSetName = ChooseSet(metadata, candidates, bound);
                Validate(metadata, cmdlet, host.ParameterSetName, bound);
                cmdlet.InvokeBegin();
                cmdlet.InvokeProcess();
            }
            else
            {
                var begun = false;
                foreach (var item in inputs)
                {
                    var recordBound = new HashSet<string>(bound, StringComparer.OrdinalIgnoreCase);
                    host.ParameterSetName = BindPipeline(metadata, cmdlet, candidates, recordBound, item);
                    Validate(metadata, cmdlet, host.ParameterSetName, recordBound);
                    if (!begun)
                    {
                        cmdlet.InvokeBegin();
                        begun = true;
                    }

                    cmdlet.InvokeProcess();
                }

                if (!begun) cmdlet.InvokeBegin();
            }

            cmdlet.InvokeEnd();
        }
        catch (CmdletTerminatedException terminated)
        {
            return new CmdletResult(host, terminated.Error);
        }
        finally
        {
            cmdlet.Dispose();
        }

        return new CmdletResult(host, null);
    }

    private static void BindCommon(RecordingHost host, string name, object? value)
    {
        var on = value is bool b ? b : value is not null;
        if (string.Equals(name, "WhatIf", StringComparison.OrdinalIgnoreCase)) host.WhatIf = on;
        if (string.Equals(name, "Confirm", StringComparison.OrdinalIgnoreCase)) host.ConfirmParameter = on;
    }

    private static string ChooseSet(CmdletMetadata metadata, IReadOnlyList<string> candidates, ISet<string> bound)
    {
        var satisfied = candidates.Where(set => MissingMandatory(metadata, set, bound).Count == 0).ToList();
        if (metadata.DefaultParameterSetName is { } preferred && satisfied.Contains(preferred)) return preferred;
        if (satisfied.Count == 1) return satisfied[0];
        if (satisfied.Count == 0)
        {
            var set = metadata.DefaultParameterSetName is { } d && candidates.Contains(d) ? d : candidates[0];
            throw new ParameterBindingFailedException(
                $"Cannot process command because of one or more missing mandatory parameters: {string.Join(" ", MissingMandatory(metadata, set, bound))}.");
        }

        throw new ParameterBindingFailedException("Parameter set cannot be resolved using the specified named parameters.");
    }

    private static string BindPipeline(CmdletMetadata metadata, VppCmdlet cmdlet, IReadOnlyList<string> candidates,
        HashSet<string> bound, object? item)
    {
        var boundAny = false;
        foreach (var parameter in metadata.Parameters.Where(p => !bound.Contains(p.Name)))
        {
            var sets = parameter.Sets.Where(s => candidates.Contains(s.SetName) || s.SetName == CmdletMetadata.AllSets).ToList();
            if (sets.Any(s => s.ValueFromPipeline) && item is not null && Accepts(parameter.Type, item))
            {
                Bind(cmdlet, parameter, item);
                bound.Add(parameter.Name);
                boundAny = true;
            }
            else if (sets.Any(s => s.ValueFromPipelineByPropertyName) && TryReadProperty(item, parameter, out var value))
            {
                Bind(cmdlet, parameter, value);
                bound.Add(parameter.Name);
                boundAny = true;
            }
        }

        if (!boundAny)
        {
            throw new ParameterBindingFailedException(
                "The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.");
        }

        var stillCandidates = candidates.Where(set => bound.All(p => metadata.Parameter(p)!.InSet(set))).ToList();
        return ChooseSet(metadata, stillCandidates, bound);
    }

    private static List<string> MissingMandatory(CmdletMetadata metadata, string set, ISet<string> bound) =>
        metadata.Parameters.Where(p => p.ForSet(set)?.Mandatory == true && !bound.Contains(p.Name)).Select(p => p.Name).ToList();

    private static void Validate(CmdletMetadata metadata, VppCmdlet cmdlet, string set, ISet<string> bound)
    {
        foreach (var name in bound)
        {
            var parameter = metadata.Parameter(name)!;
            if (parameter.ForSet(set) is null)
            {
                throw new ParameterBindingFailedException($"Parameter {name} is not in parameter set {set}.");
            }

            var value = parameter.IsSwitch ? null : parameter.Property.GetValue(cmdlet);
            foreach (var validation in parameter.Validations)
            {
                Check(validation, parameter.Name, value);
            }
        }
    }

    private static void Check(CustomAttributeData validation, string name, object? value)
    {
        var kind = validation.AttributeType.Name;
        var values = value is IEnumerable many and not string ? many.Cast<object?>().ToList() : new List<object?> { value };
        if (kind == nameof(ValidateNotNullOrEmptyAttribute) && (value is null || values.Count == 0 || values.Any(v => v is null || v as string == string.Empty)))
        {
            throw new ParameterBindingFailedException($"Cannot validate argument on parameter '{name}'. The argument is null or empty.");
        }

        if (kind == nameof(ValidateRangeAttribute) && value is not null)
        {
            var min = System.Convert.ToDouble(validation.ConstructorArguments[0].Value, CultureInfo.InvariantCulture);
            var max = System.Convert.ToDouble(validation.ConstructorArguments[1].Value, CultureInfo.InvariantCulture);
            foreach (var v in values)
            {
                var number = System.Convert.ToDouble(v, CultureInfo.InvariantCulture);
                if (number < min || number > max)
                {
                    throw new ParameterBindingFailedException($"Cannot validate argument on parameter '{name}'. The {v} argument is outside the range {min} to {max}.");
                }
            }
        }

        if (kind == nameof(ValidateSetAttribute) && value is not null)
        {
            var allowed = validation.ConstructorArguments.SelectMany(a => a.Value is IEnumerable<CustomAttributeTypedArgument> m ? m.Select(x => (string)x.Value!) : new[] { (string)a.Value! }).ToList();
            if (values.Any(v => !allowed.Contains(v?.ToString(), StringComparer.OrdinalIgnoreCase)))
            {
                throw new ParameterBindingFailedException($"Cannot validate argument on parameter '{name}'. It does not belong to the set {string.Join(",", allowed)}.");
            }
        }
    }

    private static void Bind(VppCmdlet cmdlet, ParameterMetadata parameter, object? value)
    {
        if (parameter.IsSwitch)
        {
            cmdlet.BindSwitch(parameter.Name, value is bool on ? on : value is SwitchParameter ? throw new ArgumentException("Pass switches as true/false.") : value is not null);
            return;
        }

        parameter.Property.SetValue(cmdlet, Convert(value, parameter.Type, parameter.Name));
    }

    private static bool Accepts(Type type, object item)
    {
        var element = type.IsArray ? type.GetElementType()! : type;
        return element.IsInstanceOfType(item);
    }

    private static bool TryReadProperty(object? item, ParameterMetadata parameter, out object? value)
    {
        value = null;
        if (item is null) return false;
        var names = new[] { parameter.Name }.Concat(parameter.Aliases).ToList();
        if (item is IDictionary<string, object?> row)
        {
            foreach (var (key, v) in row)
            {
                if (names.Contains(key, StringComparer.OrdinalIgnoreCase))
                {
                    value = v;
                    return true;
                }
            }

            return false;
        }

        foreach (var name in names)
        {
            var property = item.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is not null)
            {
                value = property.GetValue(item);
                return true;
            }
        }

        return false;
    }

    internal static object? Convert(object? value, Type type, string name)
    {
        if (value is null) return null;
        if (type.IsInstanceOfType(value)) return value;
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsArray)
        {
            var element = target.GetElementType()!;
            var items = value is IEnumerable many and not string ? many.Cast<object?>().ToList() : new List<object?> { value };
            var array = Array.CreateInstance(element, items.Count);
            for (var i = 0; i < items.Count; i++) array.SetValue(Convert(items[i], element, name), i);
            return array;
        }

        try
        {
            if (target.IsEnum) return Enum.Parse(target, value.ToString()!, ignoreCase: true);
            if (target == typeof(string)) return System.Convert.ToString(value, CultureInfo.InvariantCulture);
            return System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or ArgumentException or OverflowException)
        {
            throw new ParameterBindingFailedException($"Cannot bind parameter '{name}'. Cannot convert value \"{value}\" to type \"{target.FullName}\".", e);
        }
    }

    private static Dictionary<string, object?> ToDictionary(object? parameters)
    {
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (parameters is null) return result;
        if (parameters is IDictionary<string, object?> dictionary)
        {
            foreach (var (key, value) in dictionary) result[key] = value;
            return result;
        }

        foreach (var property in parameters.GetType().GetProperties()) result[property.Name] = property.GetValue(parameters);
        return result;
    }
}

/// <summary>PowerShell refused to bind the parameters, before the cmdlet ran.</summary>
public sealed class ParameterBindingFailedException : Exception
{
    public ParameterBindingFailedException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
