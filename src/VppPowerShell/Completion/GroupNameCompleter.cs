using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace VppPowerShell.Completion;

/// <summary>Completes group names from the store in use (-StorePath or -StoreConnectionString on the line, else the session's store).</summary>
public sealed class GroupNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        StoreCompletion.Complete(wordToComplete, fakeBoundParameters, (queries, typed) => queries.GroupNames(typed));
}
