using System.Management.Automation;
using VppPowerShell.Core.Licensing;

namespace VppPowerShell.Commands;

/// <summary>Records what is known of a device's enrollment: platform, ownership, supervision, kiosk mode, its user.</summary>
/// <remarks>
/// The licensing rules and plans use it: user licensing on a kiosk device warns (R-L4), user
/// licensing of a device goes to its user, device licenses do not move to that user, macOS and iOS
/// differ on removal (R-R2, R-R3), and each plan shows the prompts the device's user will see.
/// Fields not given are left as they were; pipe an MDM's device export in by property name.
/// </remarks>
/// <example>
/// <code>Import-Csv devices.csv | Set-VppDevice</code>
/// <para>Records SerialNumber, Platform, Ownership, Supervised, Kiosk and PrimaryUser columns.</para>
/// </example>
[Cmdlet(VerbsCommon.Set, "VppDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(VppDevice))]
public sealed class SetVppDeviceCommand : VppStoreCmdlet
{
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

    /// <summary>The device is supervised (-Supervised:$false for not).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public SwitchParameter Supervised { get => GetSwitch(); set => SetSwitch(value); }

    /// <summary>The device runs in kiosk mode (-Kiosk:$false for not).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public SwitchParameter Kiosk { get => GetSwitch(); set => SetSwitch(value); }

    /// <summary>Enrolled with user enrollment (device licensing is not supported there).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public SwitchParameter UserEnrollment { get => GetSwitch(); set => SetSwitch(value); }

    /// <summary>The client user id of the device's user.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? PrimaryUser { get; set; }

    /// <summary>Write the device as recorded.</summary>
    [Parameter]
    public SwitchParameter PassThru { get => GetSwitch(); set => SetSwitch(value); }

    protected override void Process()
    {
        if (!TargetNames.IsSerialNumber(SerialNumber))
        {
            WriteTargetError(TargetNames.InvalidSerial(SerialNumber));
            return;
        }

        if (!ShouldChange(SerialNumber!, "Record the device's enrollment")) return;
        bool? Flag(string name) => IsSwitchGiven(name) ? IsSwitchOn(name) : null;
        var device = new DeviceRegistry(Store).Set(new VppDevice(SerialNumber!, Platform, Ownership, Flag(nameof(Supervised)), Flag(nameof(Kiosk)),
            Flag(nameof(UserEnrollment)), PrimaryUser));
        if (IsSwitchOn(nameof(PassThru))) WriteOutput(device);
    }
}
