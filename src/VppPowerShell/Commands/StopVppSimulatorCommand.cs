using System.IO;
using System.Management.Automation;
using VppPowerShell.Rehearsal;

namespace VppPowerShell.Commands;

/// <summary>Stops the simulator started by Start-VppSimulator.</summary>
/// <remarks>
/// Stops listening, frees the port and forgets the simulated state. The token file is deleted
/// unless -KeepTokenFile is given; tokens added from it stay in their store and fail to
/// connect until a simulator runs on the same port again. Does nothing when none is running.
/// </remarks>
/// <example>
/// <code>Stop-VppSimulator</code>
/// <para>Ends the rehearsal.</para>
/// </example>
[Cmdlet(VerbsLifecycle.Stop, "VppSimulator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = ModuleLinks.Docs + "Stop-VppSimulator.md")]
[OutputType(typeof(VppSimulatorSession))]
public sealed class StopVppSimulatorCommand : VppCmdlet
{
    /// <summary>Keep the simulated location's token file.</summary>
    [Parameter]
    public SwitchParameter KeepTokenFile { get; set; }

    /// <summary>Write the stopped simulator's details to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        var session = RunningSimulator.Session;
        if (session is null)
        {
            WriteNote("No simulator is running in this session.");
            return;
        }

        if (!ShouldChange(session.ServiceUrl, "Stop the simulator of Apple's service")) return;
        RunningSimulator.Stop();
        if (!KeepTokenFile.IsPresent && File.Exists(session.TokenFilePath)) File.Delete(session.TokenFilePath);
        WriteNote($"Stopped the simulator at {session.ServiceUrl}.");
        if (PassThru.IsPresent) WriteOutput(session);
    }
}
