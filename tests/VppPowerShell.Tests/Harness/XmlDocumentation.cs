using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;

namespace VppPowerShell.Tests.Harness;

/// <summary>The XML documentation the compiler wrote for an assembly: the source of cmdlet help.</summary>
public sealed class XmlDocumentation
{
    private readonly XDocument document;

    private XmlDocumentation(XDocument document)
    {
        this.document = document;
    }

    public static XmlDocumentation For(Assembly assembly) =>
        new(XDocument.Load(Path.ChangeExtension(assembly.Location, ".xml")));

    public XElement? Member(Type type) => Find("T:" + type.FullName);

    public XElement? Member(PropertyInfo property) => Find($"P:{property.DeclaringType!.FullName}.{property.Name}");

    public static string Text(XElement? member, string element) =>
        string.Join(" ", member?.Elements(element).Select(e => e.Value.Trim()) ?? Array.Empty<string>()).Trim();

    private XElement? Find(string name) =>
        document.Root!.Element("members")!.Elements("member").FirstOrDefault(m => (string?)m.Attribute("name") == name);
}
