using System;
using System.Collections.Generic;
using System.Globalization;

namespace VppPowerShell.Benchmarks;

/// <summary>--name value pairs.</summary>
public sealed class Arguments
{
    private readonly Dictionary<string, string> values = new(StringComparer.OrdinalIgnoreCase);

    public Arguments(string[] args, int start)
    {
        for (var i = start; i + 1 < args.Length; i += 2) values[args[i].TrimStart('-')] = args[i + 1];
    }

    public int Int(string name, int fallback) =>
        values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public string? Text(string name) => values.TryGetValue(name, out var text) ? text : null;

    public IEnumerable<string> ToArgs()
    {
        foreach (var pair in values)
        {
            yield return "--" + pair.Key;
            yield return pair.Value;
        }
    }
}
