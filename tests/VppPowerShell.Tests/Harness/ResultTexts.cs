using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace VppPowerShell.Tests.Harness;

/// <summary>Every text a run showed or carried: output objects, errors, warnings, verbose, prompts and progress.</summary>
public static class ResultTexts
{
    public static IEnumerable<string> Of(CmdletResult result)
    {
        foreach (var value in result.Output) foreach (var text in Describe(value, 0)) yield return text;
        foreach (var error in result.AllErrors)
        {
            yield return error.Message;
            yield return error.RecommendedAction ?? string.Empty;
            yield return error.Exception.ToString();
            foreach (var text in Describe(error.Target, 0)) yield return text;
        }

        foreach (var text in result.Warnings.Concat(result.Verbose).Concat(result.Debug)) yield return text;
        foreach (var call in result.ShouldProcessCalls) yield return call.Target + " " + call.Action;
        foreach (var progress in result.Progress) yield return progress.ToString();
    }

    /// <summary>ToString and every public property, one level into nested objects and collections.</summary>
    private static IEnumerable<string> Describe(object? value, int depth)
    {
        if (value is null) yield break;
        yield return value.ToString() ?? string.Empty;
        if (value is string || value.GetType().IsPrimitive || depth > 2) yield break;
        if (value is IEnumerable many)
        {
            foreach (var item in many) foreach (var text in Describe(item, depth + 1)) yield return text;
            yield break;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            foreach (var text in Describe(property.GetValue(value), depth + 1)) yield return text;
        }
    }
}
