using System.Management.Automation;
using VppPowerShell.Core.Licensing;

namespace VppPowerShell.Commands;

/// <summary>Records what is known of a device's enrollment: platform, ownership, supervision, kiosk mode, its user.</summary>
/// <remarks>
/// The licensing rules and plans use it: user licensing on a kiosk device warns, user
/// licensing of a device goes to its user, device licenses do not move to that user, macOS and iOS
/// differ on removal, and each plan shows the prompts the device's user will see.
/// Fields not given are left as they were; pipe an MDM's device export in by property name.
/// </remarks>
/// <example>
/// <code>Import-Csv devices.csv | Set-VppDevice</code>
/// <para>Records SerialNumber, Platform, Ownership, Supervised, Kiosk and PrimaryUser columns.
/// Supervised and Kiosk read True, False, Yes, No, 1 or 0; an empty cell leaves the fact as it was.</para>
/// </example>
/// <example>
/// <code>Set-VppDevice -SerialNumber C02ZX1ABCD12 -Platform iOS -Supervised $true -Kiosk $true</code>
/// <para>Records a supervised kiosk iPad.</para>
/// </example>
[Cmdlet(VerbsCommon.Set, "VppDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = ModuleLinks.Docs + "Set-VppDevice.md")]
[OutputType(typeof(VppDevice))]
public sealed class SetVppDeviceCommand : VppStoreCmdlet
{
    protected override bool CreatesStore => true;

    /// <summary>The device's serial number.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? SerialNumber { get; set; }

    /// <summary>iOS (iPadOS included) or macOS.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("iOS", "macOS")]
    public string? Platform { get; set; }

    /// <summary>Corporate or Personal (BYOD).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("Corporate", "Personal")]
    public string? Ownership { get; set; }

    /// <summary>The device is supervised: $true or $false; from a CSV True, False, Yes, No, 1 or 0. Empty or not given: left as it was.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [FlagText]
    public bool? Supervised { get; set; }

    /// <summary>The device runs in kiosk mode: $true or $false (CSV text as for -Supervised).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [FlagText]
    public bool? Kiosk { get; set; }

    /// <summary>Enrolled with user enrollment, where device licensing is not supported: $true or $false (CSV text as for -Supervised).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [FlagText]
    public bool? UserEnrollment { get; set; }

    /// <summary>The client user id of the device's user.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? PrimaryUser { get; set; }

    /// <summary>Write the device as recorded.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        if (!TargetNames.IsSerialNumber(SerialNumber))
        {
            WriteTargetError(TargetNames.InvalidSerial(SerialNumber));
            return;
        }

        if (!ShouldChange(SerialNumber!, "Record the device's enrollment")) return;
        var device = new DeviceRegistry(Store).Set(new VppDevice(SerialNumber!, Platform, Ownership, Supervised, Kiosk, UserEnrollment, PrimaryUser));
        if (PassThru.IsPresent) WriteOutput(device);
    }
}
