using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using NetArchTest.Rules;

namespace VppPowerShell.Tests.Shared;

/// <summary>
/// The layers of one assembly's folders (namespaces under a root), bottom to top: a folder may use the
/// folders of the layers below its own, never a peer or one above. References are read from the
/// compiled code (signatures, bodies, attributes), so fully qualified names count like using lines.
/// </summary>
public sealed class Layers
{
    /// <summary>The root namespace's own types (no folder).</summary>
    public const string Root = "";

    private readonly Assembly assembly;
    private readonly string rootNamespace;
    private readonly string[][] layers;

    public Layers(Assembly assembly, string rootNamespace, params string[][] layers)
    {
        this.assembly = assembly;
        this.rootNamespace = rootNamespace;
        this.layers = layers;
    }

    public IEnumerable<string> Folders => layers.SelectMany(layer => layer);

    /// <summary>Fails, listing each, on every reference against the layers and every folder in no layer or with no type.</summary>
    public void AssertHeld(Action<string> writeLine)
    {
        writeLine(Matrix());
        var problems = Violations()
            .Concat(Unplaced().Select(folder => $"{Name(folder)} holds types but is in no layer"))
            .Concat(Missing().Select(folder => $"{Name(folder)} is in a layer but holds no type"))
            .ToList();
        if (problems.Count > 0) throw new Xunit.Sdk.XunitException(string.Join(Environment.NewLine, problems));
    }

    /// <summary>Folders that hold types but are in no layer.</summary>
    public IReadOnlyList<string> Unplaced() => Present().Where(folder => !Folders.Contains(folder)).ToList();

    /// <summary>Folders in a layer that hold no type (a misspelt or deleted folder).</summary>
    public IReadOnlyList<string> Missing() => Folders.Where(folder => !Present().Contains(folder)).ToList();

    private IReadOnlyList<string> Present() =>
        assembly.GetTypes().Select(type => FolderOf(type.Namespace)).Where(folder => folder is not null)
            .Select(folder => folder!).Distinct().OrderBy(folder => folder, StringComparer.Ordinal).ToList();

    /// <summary>Every reference against the layers, as "From.Type uses To (layer i may not use layer j)".</summary>
    public IReadOnlyList<string> Violations()
    {
        var found = new List<string>();
        for (var from = 0; from < layers.Length; from++)
        {
            foreach (var folder in layers[from])
            {
                for (var to = from; to < layers.Length; to++)
                {
                    foreach (var other in layers[to].Where(other => other != folder))
                    {
                        foreach (var type in TypesUsing(folder, other))
                        {
                            found.Add($"{type} uses {Name(other)}: {Name(folder)} is in layer {from + 1}, {Name(other)} in layer {to + 1}");
                        }
                    }
                }
            }
        }

        return found;
    }

    /// <summary>How many types of each folder (rows) use each other folder (columns).</summary>
    public string Matrix()
    {
        var folders = Folders.ToList();
        var text = new StringBuilder();
        text.Append("uses →".PadRight(12));
        foreach (var to in folders) text.Append(Short(to).PadLeft(7));
        text.AppendLine();
        foreach (var from in folders)
        {
            text.Append(Short(from).PadRight(12));
            foreach (var to in folders)
            {
                var count = from == to ? 0 : TypesUsing(from, to).Count;
                text.Append((from == to ? "-" : count == 0 ? "." : count.ToString()).PadLeft(7));
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private IReadOnlyList<string> TypesUsing(string folder, string other)
    {
        // By the other folder's own type names: the root namespace is a prefix of every folder's.
        var names = assembly.GetTypes().Where(type => !type.IsNested && FolderOf(type.Namespace) == other).Select(type => type.FullName!).ToArray();
        if (names.Length == 0) return Array.Empty<string>();
        var result = Types.InAssembly(assembly).That().ResideInNamespaceMatching(NamespacePattern(folder))
            .ShouldNot().HaveDependencyOnAny(names).GetResult();
        return (result.FailingTypeNames ?? Enumerable.Empty<string>()).Union(TypesNamingInAttributes(folder, other)).ToList();
    }

    /// <summary>Types whose attributes name a type of the other folder (typeof in an argument completer, for one), which the compiled code holds only as metadata.</summary>
    private IEnumerable<string> TypesNamingInAttributes(string folder, string other)
    {
        const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes().Where(type => FolderOf(type.Namespace) == folder))
        {
            var attributes = type.GetCustomAttributesData()
                .Concat(type.GetMembers(Everything).SelectMany(member => member.GetCustomAttributesData()))
                .Concat(type.GetMethods(Everything).SelectMany(method => method.GetParameters()).SelectMany(parameter => parameter.GetCustomAttributesData()));
            var named = attributes.SelectMany(attribute => attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(argument => argument.TypedValue)))
                .Select(argument => argument.Value).OfType<Type>();
            if (named.Any(used => FolderOf(used.Namespace) == other)) yield return type.FullName!;
        }
    }

    private string NamespacePattern(string folder) =>
        folder == Root ? "^" + Escape(rootNamespace) + "$" : "^" + Escape(Namespace(folder)) + @"(\..+)?$";

    private string Namespace(string folder) => rootNamespace + "." + folder;

    private string? FolderOf(string? typeNamespace)
    {
        if (typeNamespace == rootNamespace) return Root;
        if (typeNamespace is null || !typeNamespace.StartsWith(rootNamespace + ".", StringComparison.Ordinal)) return null;
        return typeNamespace.Substring(rootNamespace.Length + 1).Split('.')[0];
    }

    private string Name(string folder) => folder == Root ? rootNamespace : folder;

    private static string Short(string folder) => folder == Root ? "(root)" : folder.Length > 6 ? folder.Substring(0, 6) : folder;

    private static string Escape(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
