using System.Management.Automation;
using VppPowerShell.Core.Licensing;

namespace VppPowerShell.Commands;

/// <summary>Gets the devices whose enrollment the store knows (Set-VppDevice).</summary>
/// <remarks>Lists every recorded device, or the given serial numbers.</remarks>
/// <example>
/// <code>Get-VppDevice | Where-Object Kiosk</code>
/// <para>Lists the kiosk devices.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "VppDevice", HelpUri = ModuleLinks.Docs + "Get-VppDevice.md")]
[OutputType(typeof(VppDevice))]
public sealed class GetVppDeviceCommand : VppStoreCmdlet
{
    /// <summary>Serial numbers; every recorded device when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[]? SerialNumber { get; set; }

    protected override void Process()
    {
        foreach (var device in new DeviceRegistry(Store).Find(SerialNumber)) WriteOutput(device);
    }
}
