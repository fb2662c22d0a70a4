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
}
