namespace VppPowerShell.Core.Licensing;

/// <summary>What the plan does for one target.</summary>
public enum PlannedAction
{
    /// <summary>Nothing to send: Apple already has it so.</summary>
    None,

    /// <summary>Give the target a license.</summary>
    Associate,

    /// <summary>Take the asset's license back from the target.</summary>
    Disassociate,

    /// <summary>Take every revocable license of the token back from the target.</summary>
    Revoke,

    /// <summary>Refused before anything is sent; the reason says why.</summary>
    Fail,
}
