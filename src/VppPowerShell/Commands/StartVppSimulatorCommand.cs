using System;
using System.IO;
using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Rehearsal;
using VppPowerShell.Simulator;

namespace VppPowerShell.Commands;

/// <summary>Starts a simulator of Apple's service on this machine, to rehearse a runbook without touching real licenses.</summary>
/// <remarks>
/// Runs a faithful simulator of Apple's Apps and Books service on a loopback port inside this
/// PowerShell session, with one seeded location (apps, users, devices and assignments), and
/// writes that location's token file. Add the token with its ServiceUrl and every cmdlet works
/// against the simulator exactly as against Apple. Only one simulator runs per session; it stops
/// with Stop-VppSimulator or when the session ends. Nothing it does reaches Apple.
/// </remarks>
/// <example>
/// <code>Start-VppSimulator -PassThru | Add-VppToken -Name Rehearsal -AppleId admin@contoso.com -CountryCode US -AccountType Business -ConsentToDataSharing -StorePath ./rehearsal.db</code>
/// <para>Starts the simulator and adds its token to a rehearsal store.</para>
/// </example>
[Cmdlet(VerbsLifecycle.Start, "VppSimulator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = ModuleLinks.Docs + "Start-VppSimulator.md")]
[OutputType(typeof(VppSimulatorSession))]
public sealed class StartVppSimulatorCommand : VppCmdlet
{
    /// <summary>The loopback port; 0 (the default) picks a free one.</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int Port { get; set; }

    /// <summary>Where to write the simulated location's token file. Defaults to a new file in the temp folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TokenFilePath { get; set; }

    /// <summary>The simulated location's name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string LocationName { get; set; } = "Rehearsal";

    /// <summary>The simulated organization's name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string OrganizationName { get; set; } = "Contoso Rehearsal";

    /// <summary>The location's country store.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string CountryCode { get; set; } = "US";

    /// <summary>How many apps the location owns.</summary>
    [Parameter]
    [ValidateRange(0, 100000)]
    public int Assets { get; set; } = 25;

    /// <summary>How many licenses are assigned at the start.</summary>
    [Parameter]
    [ValidateRange(0, 10000000)]
    public int Assignments { get; set; } = 500;

    /// <summary>How many users the location has.</summary>
    [Parameter]
    [ValidateRange(0, 1000000)]
    public int Users { get; set; } = 100;

    /// <summary>Seed of the random data, for a rehearsal that is the same every time.</summary>
    [Parameter]
    public int Seed { get; set; } = 1;

    /// <summary>Write the simulator's details (ServiceUrl, TokenFilePath) to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        if (RunningSimulator.Session is { } running)
        {
            throw new VppException("SimulatorAlreadyRunning", VppErrorCategory.ResourceExists,
                $"A simulator already runs in this session at {running.ServiceUrl}.", running,
                "Use it, or stop it first with Stop-VppSimulator.");
        }

        var path = ResolvePath(TokenFilePath ?? Path.Combine(Path.GetTempPath(), $"VppSimulator-{Guid.NewGuid():N}.vpptoken"));
        if (!ShouldChange($"127.0.0.1:{(Port == 0 ? "any free port" : Port.ToString(System.Globalization.CultureInfo.InvariantCulture))}",
                $"Start a simulator of Apple's service with location '{LocationName}' and write its token to {path}"))
        {
            return;
        }

        var simulator = AppleSimulator.Start(port: Port);
        try
        {
            var location = simulator.AddLocation(LocationName, OrganizationName, CountryCode);
            if (Assets > 0) location.Seed(Assets, Assignments, Users, Seed);
            location.WriteTokenFile(path);
            var session = new VppSimulatorSession(simulator.BaseUri.AbsoluteUri, simulator.Port, path, LocationName, OrganizationName,
                CountryCode.ToUpperInvariant(), Assets, Assignments, Users, DateTimeOffset.UtcNow);
            RunningSimulator.Set(simulator, session);
            WriteNote($"Simulator of Apple's service running at {session.ServiceUrl}; token file {path}.");
            if (PassThru.IsPresent) WriteOutput(session);
        }
        catch
        {
            simulator.Dispose();
            throw;
        }
    }
}
