namespace VppPowerShell.Tests.BlastRadius;

/// <summary>One generated pipeline: which of the seed's pipelines it is, where its input comes from, and the command it ends in.</summary>
public sealed record PipelineSpec(int Seed, int Index, Upstream Upstream, Downstream Downstream)
{
    public string Text => Upstream.Text + " | " + Downstream.Text;

    public override string ToString() => $"seed {Seed}, pipeline {Index}: {Text}";
}
