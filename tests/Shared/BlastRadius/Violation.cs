namespace VppPowerShell.Tests.BlastRadius;

/// <summary>How a pipeline broke the contract.</summary>
public enum ViolationKind
{
    /// <summary>Something changed in a store (or one of its locations) the pipeline acts on, outside what it may change.</summary>
    ScopeWidened,

    /// <summary>Something changed in a store that is neither the piped rows' nor one the pipeline may change.</summary>
    OtherStoreChanged,

    /// <summary>Something changed under -WhatIf.</summary>
    WhatIfChanged,

    /// <summary>Something changed though the upstream emitted nothing.</summary>
    EmptyUpstreamChanged,

    /// <summary>What -WhatIf counted ("Associate: N license(s)", ...) is not what the same pipeline then did at Apple.</summary>
    WhatIfCount,
}

/// <summary>One broken rule of one pipeline, with a message that says enough to reproduce and diagnose it.</summary>
public sealed record Violation(PipelineSpec Pipeline, ViolationKind Kind, string Message)
{
    /// <summary>The downstream cmdlet, for counting.</summary>
    public string Command => Pipeline.Downstream.Command;

    /// <summary>The kind as the benchmark's JSON names it: scopeWidened, otherStoreChanged, ...</summary>
    public string KindName => char.ToLowerInvariant(Kind.ToString()[0]) + Kind.ToString().Substring(1);

    public override string ToString() => Message;
}
