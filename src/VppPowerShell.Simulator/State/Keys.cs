namespace VppPowerShell.Simulator.State;

/// <summary>Dictionary keys shared by the v1 and v2 stores.</summary>
internal static class Keys
{
    /// <summary>A license pool: adamId and pricingParam.</summary>
    public static string Asset(string adamId, string pricingParam) => adamId + "\n" + pricingParam;

    /// <summary>An assignment: asset index and target (user ≥ 0, device as the complement of its serial id).</summary>
    public static long Pair(int asset, int target) => ((long)asset << 32) | (uint)target;
}
