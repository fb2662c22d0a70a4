using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Core.Store;
using VppPowerShell.Session;

namespace VppPowerShell.Completion;

/// <summary>
/// What the completers share: the store in use (the -StorePath or -StoreConnectionString typed on the
/// line, else the session default, VPP_STORE_CONNECTION, VPP_STORE_PATH or the per-user store, as the
/// cmdlets resolve it), what was typed, and
/// PowerShell's quoting of the values offered. Completion never creates a store and never throws
/// into the console: any failure offers nothing.
/// </summary>
internal static class StoreCompletion
{
    private const string StorePathParameter = "StorePath";
    private const string StoreConnectionParameter = "StoreConnectionString";

    public static IEnumerable<CompletionResult> Complete(string? wordToComplete, IDictionary? fakeBoundParameters,
        Func<CompletionQueries, string, IReadOnlyList<CompletionItem>> query)
    {
        try
        {
            var location = Location(fakeBoundParameters);
            if (location is null) return Array.Empty<CompletionResult>();
            var typed = Unquote(wordToComplete ?? string.Empty, out var quote);
            using var queries = CompletionQueries.TryOpen(location);
            if (queries is null) return Array.Empty<CompletionResult>();
            return query(queries, typed)
                .Select(item => new CompletionResult(Quote(item.Value, quote), item.Label, CompletionResultType.ParameterValue, item.Description))
                .ToList();
        }
        catch (Exception)
        {
            // Completion is a convenience: a broken or locked store, or an odd pattern, offers nothing.
            return Array.Empty<CompletionResult>();
        }
    }

    /// <summary>The strings of a parameter already typed on the line (one or a list), or null.</summary>
    public static IReadOnlyCollection<string>? Strings(IDictionary? fakeBoundParameters, string name)
    {
        if (fakeBoundParameters is null || !fakeBoundParameters.Contains(name)) return null;
        var value = Unwrap(fakeBoundParameters[name]);
        if (value is string text) return new[] { text };
        if (value is IEnumerable list)
        {
            var strings = list.Cast<object?>().Select(Unwrap).OfType<string>().ToList();
            return strings.Count > 0 ? strings : null;
        }

        return null;
    }

    /// <summary>The store to read; null when none can be told.</summary>
    private static StoreLocation? Location(IDictionary? fakeBoundParameters)
    {
        if (fakeBoundParameters is not null && fakeBoundParameters.Contains(StoreConnectionParameter))
        {
            var connection = Unwrap(fakeBoundParameters[StoreConnectionParameter]) as string;
            return string.IsNullOrWhiteSpace(connection) ? null : SessionStore.SharedLocation(connection!);
        }

        string? given = null;
        if (fakeBoundParameters is not null && fakeBoundParameters.Contains(StorePathParameter))
        {
            given = Unwrap(fakeBoundParameters[StorePathParameter]) as string;
            if (string.IsNullOrWhiteSpace(given)) return null;
            given = ProviderPath(given!);
            if (given is null) return null;
        }

        if (given is null && SessionStore.Connection is { } shared) return shared;
        return StoreLocation.Resolve(given, SessionStore.DefaultPath);
    }

    /// <summary>A path as the cmdlets resolve it: relative to PowerShell's current location, drives and ~ allowed.</summary>
    private static string? ProviderPath(string path)
    {
        if (Path.IsPathRooted(path)) return path;
        var resolved = ScriptBlock.Create("$ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($args[0])").Invoke(path);
        return resolved.Count == 1 ? Unwrap(resolved[0]) as string : null;
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

    /// <summary>What was typed, without an opening quote (and its closing one), single quotes unescaped.</summary>
    internal static string Unquote(string word, out char quote)
    {
        quote = '\0';
        if (word.Length == 0) return word;
        if (IsSingleQuote(word[0]))
        {
            quote = '\'';
            var inner = word.Substring(1);
            if (inner.Length > 0 && IsSingleQuote(inner[inner.Length - 1])) inner = inner.Substring(0, inner.Length - 1);
            return inner.Replace("''", "'");
        }

        if (IsDoubleQuote(word[0]))
        {
            quote = '"';
            var inner = word.Substring(1);
            if (inner.Length > 0 && IsDoubleQuote(inner[inner.Length - 1])) inner = inner.Substring(0, inner.Length - 1);
            return inner;
        }

        return word;
    }

    /// <summary>
    /// The value as PowerShell reads it back: bare when it is a plain word, else in single quotes with
    /// single quotes doubled ('Contoso Paris', 'O''Brien'); in double quotes when the user opened one.
    /// </summary>
    internal static string Quote(string value, char quote = '\0')
    {
        if (quote == '"')
        {
            var escaped = new System.Text.StringBuilder();
            foreach (var c in value)
            {
                if (c is '`' or '$' || IsDoubleQuote(c)) escaped.Append('`');
                escaped.Append(c);
            }

            return "\"" + escaped + "\"";
        }

        if (quote != '\'' && !NeedsQuotes(value)) return value;
        var quoted = new System.Text.StringBuilder("'");
        foreach (var c in value)
        {
            if (IsSingleQuote(c)) quoted.Append(c);
            quoted.Append(c);
        }

        return quoted.Append('\'').ToString();
    }

    private static bool NeedsQuotes(string value)
    {
        if (value.Length == 0) return true;
        if (value[0] is '-' or '@' or '#' or '<' or '>' || IsDash(value[0])) return true;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || IsSingleQuote(c) || IsDoubleQuote(c)) return true;
            if (c is '`' or '$' or '&' or '(' or ')' or '{' or '}' or ';' or ',' or '|' or '<' or '>' or '\'' or '"') return true;
        }

        return false;
    }

    // PowerShell reads the typographic quotes and dashes as their plain forms.
    private static bool IsSingleQuote(char c) => c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B';

    private static bool IsDoubleQuote(char c) => c is '"' or '\u201C' or '\u201D' or '\u201E';

    private static bool IsDash(char c) => c is '\u2013' or '\u2014' or '\u2015';
}
