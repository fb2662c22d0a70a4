using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace VppPowerShell.Completion;

/// <summary>
/// Completes asset ids (adamId) from the store in use, matching the id or the asset's name, with the
/// name in the list and the tooltip; only the assets of -TokenName when it is already on the line.
/// </summary>
public sealed class AdamIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        StoreCompletion.Complete(wordToComplete, fakeBoundParameters,
            (queries, typed) => queries.AssetIds(typed, StoreCompletion.Strings(fakeBoundParameters, "TokenName")));
}
