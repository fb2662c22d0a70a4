namespace VppPowerShell.Core.Apple;

/// <summary>
/// When a write may be sent again. Apple queues nothing for a request it answers with an error
/// (API §3.2), so every write is retried after an error answer (429, 5xx, 9603, 9646). When the
/// answer is lost (dropped connection, timeout) Apple may have queued the write; resending is safe
/// only for writes whose effect is a set: associating a pair that is already assigned uses no
/// second license, disassociating or revoking what is gone is a no-op, and retiring a retired
/// user changes nothing. Those are <see cref="Repeatable"/>.
/// </summary>
internal enum WriteSafety
{
    /// <summary>Resend after an error answer only.</summary>
    OnlyIfRejected,

    /// <summary>Resend after an error answer or a lost answer: a second application changes nothing.</summary>
    Repeatable,
}
