using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using VppPowerShell.Tests.Harness;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>
/// One runspace of the real engine with the module loaded (the cmdlet tests' own
/// <see cref="InProcessPowerShell"/>), under a <see cref="TestHost"/> that cannot prompt and
/// records the -WhatIf lines. Scripts run one after another and share its variables.
/// </summary>
public sealed class ScriptSession : IDisposable
{
    private readonly TestHost host = new() { IsInteractive = false };
    private readonly Runspace runspace;

    public ScriptSession(IReadOnlyDictionary<string, object?> variables)
    {
        runspace = InProcessPowerShell.Open(host);
        foreach (var (name, value) in variables) runspace.SessionStateProxy.SetVariable(name, value);
    }

    public ScriptResult Run(string script)
    {
        var shown = host.ShouldProcessCalls.Count;
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript(script);
        Collection<PSObject> output;
        string? stopped = null;
        try
        {
            output = shell.Invoke();
        }
        catch (RuntimeException error)
        {
            output = new Collection<PSObject>();
            stopped = Describe(error.ErrorRecord);
        }

        var errors = shell.Streams.Error.Select(Describe).ToList();
        if (stopped is not null) errors.Add(stopped);
        var whatIf = host.ShouldProcessCalls.Skip(shown).Where(c => c.WhatIf).Select(c => c.Action).ToList();
        var said = shell.Streams.Warning.Select(w => w.Message).Concat(shell.Streams.Verbose.Select(v => v.Message)).ToList();
        return new ScriptResult(output.Where(o => o is not null).ToList(), errors, whatIf, said);
    }

    /// <summary>Runs a step of building the world, which must not fail.</summary>
    public ScriptResult RunOrThrow(string script)
    {
        var result = Run(script);
        if (result.Errors.Count > 0) throw new InvalidOperationException($"Building the world failed at: {script}\n{string.Join("\n", result.Errors)}");
        return result;
    }

    public void Dispose() => runspace.Dispose();

    private static string Describe(ErrorRecord error) => $"{error.FullyQualifiedErrorId.Split(',')[0]}: {error.Exception.Message}";
}
