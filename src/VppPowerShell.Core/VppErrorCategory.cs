namespace VppPowerShell.Core;

/// <summary>
/// The category of a <see cref="VppException"/>. Names match PowerShell's ErrorCategory
/// one to one, so the cmdlet layer converts by name without the engine referencing PowerShell.
/// </summary>
public enum VppErrorCategory
{
    NotSpecified,
    InvalidArgument,
    InvalidData,
    InvalidOperation,
    ObjectNotFound,
    ResourceExists,
    LimitsExceeded,
    PermissionDenied,
    SecurityError,
    OpenError,
    ReadError,
    WriteError,
    ResourceUnavailable,
    AuthenticationError,
    ConnectionError,
    OperationTimeout,
    OperationStopped,
    ResourceBusy,
    InvalidResult,
}
