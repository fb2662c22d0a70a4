using System.Collections.Generic;

namespace VppPowerShell.Core.Apple.Wire;

/// <summary>What every asynchronous write returns (API §5.4).</summary>
internal sealed class EventResponse : Envelope
{
    public string? EventId { get; set; }
}

/// <summary>GET status?eventId= (API §5.10). FAILED means finished with at least one failure.</summary>
internal sealed class StatusResponse : Envelope
{
    public const string Pending = "PENDING";
    public const string Complete = "COMPLETE";
    public const string Failed = "FAILED";

    public string? EventStatus { get; set; }

    public string? EventType { get; set; }

    public int NumRequested { get; set; }

    public int NumCompleted { get; set; }

    public List<EventFailure>? Failures { get; set; }
}

internal sealed class EventFailure
{
    public int ErrorNumber { get; set; }

    public string? ErrorMessage { get; set; }

    public ResponseErrorInfo? ErrorInfo { get; set; }
}
