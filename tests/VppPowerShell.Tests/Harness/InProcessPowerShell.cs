using System;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace VppPowerShell.Tests.Harness;

/// <summary>
/// Runspaces of the real PowerShell engine (Microsoft.PowerShell.SDK) with the module's cmdlet
/// assembly, format and types files loaded: the binder, ShouldProcess, error records and
/// formatting are PowerShell's own.
/// </summary>
public static class InProcessPowerShell
{
    private static readonly Lazy<InitialSessionState> Template = new(CreateTemplate);

    public static string CmdletAssemblyPath => typeof(VppCmdlet).Assembly.Location;

    /// <summary>An open runspace under <paramref name="host"/>; $VerbosePreference is Continue so tests see verbose text.</summary>
    public static Runspace Open(TestHost host)
    {
        var runspace = RunspaceFactory.CreateRunspace(host, Template.Value.Clone());
        runspace.Open();
        runspace.SessionStateProxy.SetVariable("VerbosePreference", ActionPreference.Continue);
        if (host.CurrentLocation is { } location) runspace.SessionStateProxy.Path.SetLocation(WildcardPattern.Escape(location));
        return runspace;
    }

    private static InitialSessionState CreateTemplate()
    {
        // Not InitialSessionState.ExecutionPolicy: it throws on Linux, and nothing here runs script files.
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(CmdletAssemblyPath);
        state.Formats.Add(new SessionStateFormatEntry(RepositoryPaths.Module("VppPowerShell.format.ps1xml")));
        state.Types.Add(new SessionStateTypeEntry(RepositoryPaths.Module("VppPowerShell.types.ps1xml")));
        state.ThrowOnRunspaceOpenError = true;
        if (!File.Exists(CmdletAssemblyPath)) throw new FileNotFoundException("The cmdlet assembly was not built.", CmdletAssemblyPath);
        return state;
    }
}
