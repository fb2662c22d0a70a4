using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Rehearsal;

namespace VppPowerShell.Commands;

/// <summary>Stops the simulator started by Start-VppSimulator, or one of its locations.</summary>
/// <remarks>
/// Without -LocationName: stops listening, frees the port and forgets every simulated location
/// and legacy account of the session. With -LocationName: ends those locations only; their
/// tokens stop working (Apple's answer to a revoked token) and the simulator goes on serving the
/// others, until the last one ends. Token files are deleted unless -KeepTokenFile is given; tokens
/// added from them stay in their store and fail to connect. Does nothing when none is running.
/// </remarks>
/// <example>
/// <code>Stop-VppSimulator</code>
/// <para>Ends the rehearsal: every simulated location stops.</para>
/// </example>
/// <example>
/// <code>Stop-VppSimulator -LocationName Lyon -PassThru</code>
/// <para>Ends the Lyon location only; the other locations of the session go on answering.</para>
/// </example>
[Cmdlet(VerbsLifecycle.Stop, "VppSimulator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = ModuleLinks.Docs + "Stop-VppSimulator.md")]
[OutputType(typeof(VppSimulatorSession))]
public sealed class StopVppSimulatorCommand : VppCmdlet
{
    /// <summary>The locations (or legacy accounts) to end, by the name they were started with; all of them when left out.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? LocationName { get; set; }

    /// <summary>Keep the simulated locations' token files.</summary>
    [Parameter]
    public SwitchParameter KeepTokenFile { get; set; }

    /// <summary>Write the stopped locations' details to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        var running = RunningSimulator.Current;
        if (running is null)
        {
            WriteNote("No simulator is running in this session.");
            return;
        }

        if (LocationName is null)
        {
            if (!ShouldChange(running.Simulator.BaseUri.AbsoluteUri, "Stop the simulator of Apple's service and every location it serves")) return;
            foreach (var session in RunningSimulator.Stop(KeepTokenFile.IsPresent))
            {
                if (PassThru.IsPresent) WriteOutput(session);
            }
            WriteNote($"Stopped the simulator at {running.Simulator.BaseUri.AbsoluteUri}.");
            return;
        }

        foreach (var name in LocationName)
        {
            if (running.Find(name) is not { } found)
            {
                WriteTargetError(new VppException(VppErrorIds.SimulatorLocationNotFound, VppErrorCategory.ObjectNotFound,
                    $"No simulated location named '{name}' runs in this session.", name,
                    "Give a name a Start-VppSimulator of this session used, or leave -LocationName out to stop them all."));
                continue;
            }

            if (!ShouldChange(found.LocationName, "Stop the simulated location")) continue;
            var stopped = running.Remove(found.LocationName, KeepTokenFile.IsPresent);
            WriteNote($"Stopped the simulated location '{found.LocationName}'.");
            if (stopped is not null && PassThru.IsPresent) WriteOutput(stopped);
        }

        RunningSimulator.StopIfEmpty();
    }
}
