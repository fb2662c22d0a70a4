namespace VppPowerShell;

/// <summary>What a piped object is, and so what it means to a command that changes something.</summary>
public enum PipedKind
{
    /// <summary>A token object: the whole token.</summary>
    Token,

    /// <summary>An asset object: the asset in its token.</summary>
    Asset,

    /// <summary>An asset with a device or user (an assignment row, a job's target result): exactly that license.</summary>
    License,

    /// <summary>A device (a row with a serial number only): that device's licenses.</summary>
    Device,

    /// <summary>A user (a row with a client user id only): that user's licenses.</summary>
    User,

    /// <summary>A group object.</summary>
    Group,

    /// <summary>A job object.</summary>
    Job,

    /// <summary>A string: a name the admin listed.</summary>
    Text,

    /// <summary>Anything else: a row that names no license, device or user.</summary>
    Other,
}
