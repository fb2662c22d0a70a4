using System.Management.Automation;

namespace VppPowerShell.Rehearsal;

/// <summary>
/// Runs when PowerShell removes the cmdlet assembly's module from a session (Remove-Module
/// VppPowerShell): the session's simulator stops and its token files are deleted.
/// </summary>
public sealed class SimulatorCleanup : IModuleAssemblyCleanup
{
    /// <summary>Called by PowerShell on Remove-Module.</summary>
    public void OnRemove(PSModuleInfo psModuleInfo) => RunningSimulator.Stop(keepTokenFiles: false);
}
