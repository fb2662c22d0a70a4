using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace VppPowerShell.Build.Help;

/// <summary>One example from an &lt;example&gt; doc comment: the code and the paragraphs that explain it.</summary>
internal sealed record DocExample(string Code, IReadOnlyList<string> Remarks);

/// <summary>The XML documentation file written by the compiler, read as help text.</summary>
internal sealed class DocComments
{
    private readonly Dictionary<string, XElement> members;

    private DocComments(Dictionary<string, XElement> members) => this.members = members;

    public static DocComments Load(string path)
    {
        var document = XDocument.Load(path);
        var members = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (var member in document.Descendants("member"))
        {
            var name = (string?)member.Attribute("name");
            if (!string.IsNullOrEmpty(name)) members[name!] = member;
        }

        return new DocComments(members);
    }

    /// <summary>The doc comment id of a type: T:Namespace.Outer.Inner.</summary>
    public static string TypeId(Type type) => "T:" + DocName(type);

    /// <summary>The doc comment id of a property: P:Namespace.Type.Property.</summary>
    public static string PropertyId(Type declaringType, string property) => "P:" + DocName(declaringType) + "." + property;

    /// <summary>The summary as one paragraph, or an empty string.</summary>
    public string Summary(string id) => string.Join(" ", Paragraphs(id, "summary"));

    /// <summary>The paragraphs of a section (summary, remarks...), empty when there is none.</summary>
    public IReadOnlyList<string> Paragraphs(string id, string section)
    {
        if (!members.TryGetValue(id, out var member)) return Array.Empty<string>();
        var element = member.Element(section);
        return element is null ? Array.Empty<string>() : ToParagraphs(element);
    }

    public IReadOnlyList<DocExample> Examples(string id)
    {
        if (!members.TryGetValue(id, out var member)) return Array.Empty<DocExample>();
        var examples = new List<DocExample>();
        foreach (var example in member.Elements("example"))
        {
            var code = string.Join("\n", example.Elements("code").Select(c => Dedent(c.Value)));
            var remarks = new List<string>();
            foreach (var node in example.Nodes())
            {
                if (node is XElement { Name.LocalName: "code" }) continue;
                remarks.AddRange(ToParagraphs(node));
            }

            examples.Add(new DocExample(code, remarks));
        }

        return examples;
    }

    private static string DocName(Type type) => (type.FullName ?? type.Name).Replace('+', '.');

    /// <summary>
    /// Flattens doc comment markup into plain paragraphs: &lt;para&gt;, &lt;code&gt; and list items
    /// start new paragraphs; &lt;see&gt;, &lt;c&gt; and &lt;paramref&gt; become their text.
    /// </summary>
    private static List<string> ToParagraphs(XNode root)
    {
        var paragraphs = new List<string>();
        var current = new StringBuilder();

        void Flush()
        {
            var text = Regex.Replace(current.ToString(), @"\s+", " ").Trim();
            if (text.Length > 0) paragraphs.Add(text);
            current.Clear();
        }

        void Walk(XNode node)
        {
            switch (node)
            {
                case XText text:
                    current.Append(text.Value);
                    break;
                case XElement element:
                    switch (element.Name.LocalName)
                    {
                        case "para":
                            Flush();
                            foreach (var child in element.Nodes()) Walk(child);
                            Flush();
                            break;
                        case "code":
                            Flush();
                            paragraphs.Add(Dedent(element.Value));
                            break;
                        case "item":
                            Flush();
                            current.Append("- ");
                            foreach (var child in element.Nodes()) Walk(child);
                            Flush();
                            break;
                        case "see":
                        case "seealso":
                            current.Append(SeeText(element));
                            break;
                        case "paramref":
                        case "typeparamref":
                            current.Append((string?)element.Attribute("name"));
                            break;
                        default:
                            foreach (var child in element.Nodes()) Walk(child);
                            break;
                    }

                    break;
            }
        }

        if (root is XElement start) foreach (var child in start.Nodes()) Walk(child);
        else Walk(root);
        Flush();
        return paragraphs;
    }

    private static string SeeText(XElement see)
    {
        if (!see.IsEmpty && see.Value.Trim().Length > 0) return see.Value.Trim();
        var langword = (string?)see.Attribute("langword");
        if (langword is not null) return langword is "null" or "true" or "false" ? "$" + langword : langword;
        var cref = (string?)see.Attribute("cref") ?? (string?)see.Attribute("href") ?? string.Empty;
        var colon = cref.IndexOf(':');
        if (colon == 1) cref = cref.Substring(2);
        var paren = cref.IndexOf('(');
        if (paren >= 0) cref = cref.Substring(0, paren);
        var dot = cref.LastIndexOf('.');
        return dot >= 0 ? cref.Substring(dot + 1) : cref;
    }

    /// <summary>Removes the indentation the doc comment added to every line of a code block.</summary>
    private static string Dedent(string code)
    {
        var lines = code.Replace("\r\n", "\n").Split('\n').ToList();
        while (lines.Count > 0 && lines[0].Trim().Length == 0) lines.RemoveAt(0);
        while (lines.Count > 0 && lines[^1].Trim().Length == 0) lines.RemoveAt(lines.Count - 1);
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l.Substring(indent).TrimEnd() : l.Trim()));
    }
}
