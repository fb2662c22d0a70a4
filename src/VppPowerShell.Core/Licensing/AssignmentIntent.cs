namespace VppPowerShell.Core.Licensing;

/// <summary>What the assignment asks of the device: offer the app, install it, or remove it.</summary>
public enum AssignmentIntent
{
    Required,
    Available,
    Uninstall,
}
