namespace VppPowerShell.Core.Licensing;

/// <summary>Where a job is.</summary>
public enum VppJobState
{
    /// <summary>Planned and journaled; nothing sent yet, or stopped part way: Resume-VppJob finishes it.</summary>
    Running,

    Completed,

    /// <summary>Done, and some targets failed (each with its reason).</summary>
    CompletedWithErrors,

    /// <summary>Stopped by an error that concerns the whole job (the token, Apple); Resume-VppJob tries again.</summary>
    Failed,

    /// <summary>
    /// Running as far as the store knows, but the process that ran it is gone (killed, Ctrl+C'd host,
    /// rebooted): the next command on its token, or Resume-VppJob, takes it over.
    /// </summary>
    Interrupted,
}
