using System;
using System.Collections.Generic;
using System.Linq;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>
/// What happens to a CSV between Export-Csv and Import-Csv, as when an admin edits a file: some
/// cells emptied, and extra columns named like parameters (TokenId, AdamId, StorePath, GroupName,
/// JobId, SerialNumber) added with one value for every row. Values that depend on the world
/// ($A, $B, a job of a store) are resolved when the edits are applied.
/// </summary>
public sealed record CsvEdits(IReadOnlyList<(int RowSeed, string Column)> Blanks, IReadOnlyList<(string Column, string Value)> ExtraColumns)
{
    private static readonly string[] BindableColumns = { "StorePath", "TokenId", "AdamId", "SerialNumber", "ClientUserId", "JobId", "GroupName", "Name" };

    private static readonly (string Column, string[] Values)[] Extras =
    {
        ("TokenId", new[] { "1", "2", "7" }),
        ("AdamId", WorldLayout.AdamIds.ToArray()),
        ("StorePath", new[] { "$A", "$B" }),
        ("GroupName", WorldLayout.Groups.ToArray()),
        ("JobId", new[] { "interrupted job of $A", "interrupted job of $B", "20990101-000000-nosuchjob" }),
        ("SerialNumber", Enumerable.Range(1, 9).Select(WorldLayout.Serial).ToArray()),
    };

    public static CsvEdits Generate(Random random)
    {
        var blanks = Enumerable.Range(0, random.Next(3)).Select(_ => (random.Next(100), Pick(random, BindableColumns))).ToList();
        var extras = Enumerable.Range(0, random.Next(3)).Select(_ => Pick(random, Extras)).GroupBy(e => e.Column).Select(g => g.First())
            .Select(e => (e.Column, Pick(random, e.Values))).ToList();
        return new CsvEdits(blanks, extras);
    }

    /// <summary>The edited CSV; a file with no rows stays as it is.</summary>
    public string Apply(string csv, World world)
    {
        var table = CsvTable.Parse(csv);
        if (table.Rows.Count == 0) return csv;
        foreach (var (rowSeed, column) in Blanks)
        {
            var index = table.Column(column);
            if (index >= 0) table.Rows[rowSeed % table.Rows.Count][index] = string.Empty;
        }

        foreach (var (column, value) in ExtraColumns.Where(e => table.Column(e.Column) < 0))
        {
            table.Columns.Add(column);
            foreach (var row in table.Rows) row.Add(Resolve(value, world));
        }

        return table.ToString();
    }

    public override string ToString()
    {
        var parts = Blanks.Select(b => $"empty {b.Column} in row {b.RowSeed} modulo the row count")
            .Concat(ExtraColumns.Select(e => $"add a column {e.Column} = {e.Value} where there is none")).ToList();
        return parts.Count == 0 ? "no edit" : string.Join("; ", parts);
    }

    private static string Resolve(string value, World world) => value switch
    {
        "$A" => world.StorePath(StoreName.A),
        "$B" => world.StorePath(StoreName.B),
        "interrupted job of $A" => world.InterruptedJob(StoreName.A),
        "interrupted job of $B" => world.InterruptedJob(StoreName.B),
        _ => value,
    };

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
