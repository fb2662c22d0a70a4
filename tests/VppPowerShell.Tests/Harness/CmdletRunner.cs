using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace VppPowerShell.Tests.Harness;

/// <summary>
/// Runs a cmdlet, or a script, in a fresh in-process runspace of the real PowerShell engine and
/// returns what it wrote to each stream. Parameters and pipeline input are bound by PowerShell.
/// </summary>
public static class CmdletRunner
{
    /// <param name="commandName">For example "Add-VppToken".</param>
    /// <param name="parameters">Named parameters: an anonymous object or a dictionary. Switches take true or false.</param>
    /// <param name="input">Pipeline input: objects, or dictionaries that become PSCustomObject rows like Import-Csv's.</param>
    /// <param name="configure">Sets how the host answers prompts, whether it is interactive, and the current location.</param>
    public static CmdletResult Invoke(string commandName, object? parameters = null, IEnumerable<object?>? input = null,
        Action<TestHost>? configure = null)
    {
        return Run(configure, input, shell =>
        {
            shell.AddCommand(commandName);
            foreach (var (name, value) in ToDictionary(parameters)) shell.AddParameter(name, value);
        });
    }

    /// <summary>
    /// Runs PowerShell script text, for pipelines of several commands. <paramref name="variables"/>
    /// are set in the session first, so values need no quoting.
    /// </summary>
    public static CmdletResult Script(string script, object? variables = null, Action<TestHost>? configure = null) =>
        Run(configure, null, shell =>
        {
            foreach (var (name, value) in ToDictionary(variables)) shell.Runspace.SessionStateProxy.SetVariable(name, value);
            shell.AddScript(script);
        });

    /// <summary>An Import-Csv row: every value a string, in column order.</summary>
    public static PSObject Row(IEnumerable<KeyValuePair<string, object?>> cells)
    {
        var row = new PSObject();
        foreach (var (name, value) in cells) row.Properties.Add(new PSNoteProperty(name, value));
        return row;
    }

    private static CmdletResult Run(Action<TestHost>? configure, IEnumerable<object?>? input, Action<System.Management.Automation.PowerShell> build)
    {
        var host = new TestHost();
        configure?.Invoke(host);
        using var runspace = InProcessPowerShell.Open(host);
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = runspace;
        build(shell);

        var output = new List<object?>();
        RecordedError? terminating = null;
        try
        {
            var results = input is null ? shell.Invoke() : shell.Invoke(input.Select(ToPipelineObject).ToList());
            output.AddRange(results.Select(r => r?.BaseObject));
        }
        catch (ParameterBindingException binding)
        {
            throw new ParameterBindingFailedException(binding.Message, binding);
        }
        catch (RuntimeException error) when (error.ErrorRecord.Exception is ParameterBindingException binding)
        {
            throw new ParameterBindingFailedException(binding.Message, binding);
        }
        catch (RuntimeException error)
        {
            terminating = new RecordedError(error.ErrorRecord);
        }

        return new CmdletResult(host, output, terminating,
            shell.Streams.Error.Select(e => new RecordedError(e)).ToList(),
            shell.Streams.Warning.Select(w => w.Message).ToList(),
            shell.Streams.Verbose.Select(v => v.Message).ToList(),
            shell.Streams.Debug.Select(d => d.Message).ToList(),
            shell.Streams.Progress.ToList(),
            shell.Streams.Information.Select(i => i.MessageData?.ToString() ?? string.Empty).ToList());
    }

    private static object? ToPipelineObject(object? item) =>
        item is IDictionary<string, object?> row ? Row(row) : item;

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
