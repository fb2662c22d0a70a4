using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace VppPowerShell.Build.Help;

/// <summary>Writes cmdlet help in MAML, the format Get-Help reads from &lt;Assembly&gt;.dll-Help.xml.</summary>
internal static class MamlWriter
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    internal const string WhatIfText = "Shows what would happen if the cmdlet runs. The cmdlet is not run.";
    internal const string ConfirmText = "Prompts you for confirmation before running the cmdlet.";

    public static XDocument Write(IReadOnlyList<CmdletModel> cmdlets, string aboutTopic)
    {
        var root = new XElement(Msh + "helpItems",
            new XAttribute("schema", "maml"),
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            cmdlets.Select(c => CommandElement(c, cmdlets, aboutTopic)));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    private static XElement CommandElement(CmdletModel cmdlet, IReadOnlyList<CmdletModel> all, string aboutTopic)
    {
        var parameters = cmdlet.Parameters.ToList();
        return new XElement(Command + "command",
            new XElement(Command + "details",
                new XElement(Command + "name", cmdlet.Name),
                new XElement(Command + "verb", cmdlet.Verb),
                new XElement(Command + "noun", cmdlet.Noun),
                Description(new[] { cmdlet.Synopsis })),
            Description(cmdlet.Description.Count > 0 ? cmdlet.Description : new[] { cmdlet.Synopsis }),
            new XElement(Command + "syntax",
                cmdlet.ParameterSets.Select(set => new XElement(Command + "syntaxItem",
                    new XElement(Maml + "name", cmdlet.Name),
                    cmdlet.SyntaxOrder(set).Select(p => Parameter(p, p.BindingFor(set), inSyntax: true)),
                    ShouldProcessParameters(cmdlet, inSyntax: true)))),
            new XElement(Command + "parameters",
                parameters.Select(p => Parameter(p, Summary(p), inSyntax: false)),
                ShouldProcessParameters(cmdlet, inSyntax: false)),
            new XElement(Command + "inputTypes", InputTypes(cmdlet)),
            new XElement(Command + "returnValues", ReturnValues(cmdlet)),
            new XElement(Command + "examples",
                cmdlet.Examples.Select((example, i) => new XElement(Command + "example",
                    new XElement(Maml + "title", $"-------------------------- Example {i + 1} --------------------------"),
                    new XElement(Dev + "code", example.Code),
                    new XElement(Dev + "remarks", example.Remarks.Select(Para))))),
            new XElement(Command + "relatedLinks",
                string.IsNullOrEmpty(cmdlet.HelpUri) ? null : Link("Online Version:", cmdlet.HelpUri!),
                all.Where(c => c.Noun == cmdlet.Noun && c.Name != cmdlet.Name).Select(c => Link(c.Name)),
                Link(aboutTopic)));
    }

    /// <summary>
    /// One parameter. Syntax entries carry the binding of their set; the parameters section
    /// carries a summary over all sets (mandatory or positional in any set).
    /// </summary>
    private static XElement Parameter(ParameterModel parameter, ParameterBinding binding, bool inSyntax)
    {
        var element = new XElement(Command + "parameter",
            new XAttribute("required", Bool(binding.Mandatory)),
            new XAttribute("variableLength", Bool(parameter.Type.IsArray)),
            new XAttribute("globbing", Bool(parameter.SupportsWildcards)),
            new XAttribute("pipelineInput", PipelineInput(binding)),
            new XAttribute("position", binding.Position?.ToString() ?? "named"),
            new XAttribute("aliases", parameter.Aliases.Count > 0 ? string.Join(", ", parameter.Aliases) : "none"),
            new XElement(Maml + "name", parameter.Name),
            Description(new[] { parameter.Description }));

        if (parameter.ValidValues.Count > 0)
        {
            element.Add(new XElement(Command + "parameterValueGroup",
                parameter.ValidValues.Select(v => new XElement(Command + "parameterValue",
                    new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v))));
        }

        if (!parameter.IsSwitch || !inSyntax)
        {
            element.Add(new XElement(Command + "parameterValue",
                new XAttribute("required", Bool(!parameter.IsSwitch)),
                new XAttribute("variableLength", Bool(parameter.Type.IsArray)),
                TypeNames.Short(parameter.Type)));
        }

        element.Add(
            new XElement(Dev + "type", new XElement(Maml + "name", TypeNames.Full(parameter.Type)), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", parameter.IsSwitch ? "False" : "None"));
        return element;
    }

    private static IEnumerable<XElement> ShouldProcessParameters(CmdletModel cmdlet, bool inSyntax)
    {
        if (!cmdlet.SupportsShouldProcess) yield break;
        foreach (var (name, alias, text) in new[] { ("Confirm", "cf", ConfirmText), ("WhatIf", "wi", WhatIfText) })
        {
            var element = new XElement(Command + "parameter",
                new XAttribute("required", "false"),
                new XAttribute("variableLength", "false"),
                new XAttribute("globbing", "false"),
                new XAttribute("pipelineInput", "False"),
                new XAttribute("position", "named"),
                new XAttribute("aliases", alias),
                new XElement(Maml + "name", name),
                Description(new[] { text }));
            if (!inSyntax)
            {
                element.Add(new XElement(Command + "parameterValue",
                    new XAttribute("required", "false"), new XAttribute("variableLength", "false"), "SwitchParameter"));
            }

            element.Add(
                new XElement(Dev + "type", new XElement(Maml + "name", CmdletModel.SwitchParameterType), new XElement(Maml + "uri")),
                new XElement(Dev + "defaultValue", "False"));
            yield return element;
        }
    }

    private static IEnumerable<XElement> InputTypes(CmdletModel cmdlet) =>
        cmdlet.Inputs().Select(i => TypeEntry(Command + "inputType", i.Type, i.Text));

    private static IEnumerable<XElement> ReturnValues(CmdletModel cmdlet) =>
        cmdlet.Outputs().Select(o => TypeEntry(Command + "returnValue", o.Type, o.Text));

    private static XElement TypeEntry(XName name, string typeName, string text) =>
        new(name,
            new XElement(Dev + "type", new XElement(Maml + "name", typeName), new XElement(Maml + "uri")),
            Description(text.Length > 0 ? new[] { text } : Array.Empty<string>()));

    /// <summary>The parameters section's summary of a parameter over all of its sets.</summary>
    internal static ParameterBinding Summary(ParameterModel parameter)
    {
        var positions = parameter.Bindings.Select(b => b.Position).Where(p => p is not null).Distinct().ToList();
        return new ParameterBinding(
            CmdletModel.AllParameterSets,
            parameter.Bindings.Any(b => b.Mandatory),
            positions.Count == 1 ? positions[0] : null,
            parameter.Bindings.Any(b => b.ByValue),
            parameter.Bindings.Any(b => b.ByPropertyName));
    }

    internal static string PipelineInput(ParameterBinding binding) => (binding.ByValue, binding.ByPropertyName) switch
    {
        (true, true) => "True (ByPropertyName, ByValue)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };

    private static XElement Description(IEnumerable<string> paragraphs)
    {
        var list = paragraphs.Where(p => p.Length > 0).ToList();
        return new XElement(Maml + "description", list.Count > 0 ? list.Select(Para) : new[] { Para(string.Empty) });
    }

    private static XElement Para(string text) => new(Maml + "para", text);

    private static XElement Link(string text, string uri = "") =>
        new(Maml + "navigationLink", new XElement(Maml + "linkText", text), new XElement(Maml + "uri", uri));

    private static string Bool(bool value) => value ? "true" : "false";
}
