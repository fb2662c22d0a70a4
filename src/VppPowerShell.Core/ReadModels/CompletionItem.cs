namespace VppPowerShell.Core.ReadModels;

/// <summary>One value offered by argument completion: the value itself, a short label for the list, and a description.</summary>
public sealed class CompletionItem
{
    public CompletionItem(string value, string label, string description)
    {
        Value = value;
        Label = label;
        Description = description;
    }

    /// <summary>The value the command line receives.</summary>
    public string Value { get; }

    /// <summary>What the completion list shows.</summary>
    public string Label { get; }

    /// <summary>The tooltip: what the value stands for.</summary>
    public string Description { get; }
}
