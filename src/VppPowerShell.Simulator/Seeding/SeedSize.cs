using System;

namespace VppPowerShell.Simulator.Seeding;

/// <summary>The argument checks every <c>Seed</c> makes (v1 and v2).</summary>
internal static class SeedSize
{
    /// <summary>Counts are not negative, and rows have an asset to go to. <paramref name="rowsName"/> is what the rows are called: "assignments" (v2) or "licenses" (v1).</summary>
    public static void Check(int assets, int rows, string rowsName, int users)
    {
        if (assets < 0) throw new ArgumentOutOfRangeException(nameof(assets));
        if (rows < 0) throw new ArgumentOutOfRangeException(rowsName);
        if (users < 0) throw new ArgumentOutOfRangeException(nameof(users));
        if (rows > 0 && assets == 0)
            throw new ArgumentException(char.ToUpperInvariant(rowsName[0]) + rowsName.Substring(1) + " need at least one asset.", nameof(assets));
    }

    public static int CeilDiv(int a, int b) => (a + b - 1) / b;
}
