using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using System.Text;
using System.Xml;

namespace VppPowerShell.Build.Help;

/// <summary>
/// HelpBuilder &lt;cmdlet assembly&gt; &lt;output .dll-Help.xml&gt; [--doc &lt;xml doc file&gt;] [--about &lt;topic&gt;] [--probe &lt;folder&gt;]...
///     [--markdown &lt;folder&gt;] [--module &lt;name&gt;]
/// Writes MAML help for every cmdlet in the assembly and, with --markdown, the online help: one
/// Markdown page per cmdlet and an index (the folder then holds exactly those .md files). Fails (exit code 1) when a cmdlet has no
/// synopsis or a parameter no description, so a module never ships with holes in its help.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            var positional = new List<string>();
            string? docPath = null;
            var about = "about_VppPowerShell";
            var probe = new List<string>();
            string? markdown = null;
            var module = "VppPowerShell";
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--doc" when i + 1 < args.Length: docPath = args[++i]; break;
                    case "--about" when i + 1 < args.Length: about = args[++i]; break;
                    case "--probe" when i + 1 < args.Length: probe.Add(Path.GetFullPath(args[++i])); break;
                    case "--markdown" when i + 1 < args.Length: markdown = Path.GetFullPath(args[++i]); break;
                    case "--module" when i + 1 < args.Length: module = args[++i]; break;
                    default: positional.Add(args[i]); break;
                }
            }

            if (positional.Count != 2)
            {
                Console.Error.WriteLine("usage: HelpBuilder <cmdlet assembly> <output .dll-Help.xml> [--doc <xml doc file>] [--about <topic>] [--probe <folder>]... [--markdown <folder>] [--module <name>]");
                return 2;
            }

            var assemblyPath = Path.GetFullPath(positional[0]);
            var outputPath = Path.GetFullPath(positional[1]);
            docPath = Path.GetFullPath(docPath ?? Path.ChangeExtension(assemblyPath, ".xml"));
            return Build(assemblyPath, docPath, outputPath, about, probe, markdown, module);
        }
        catch (Exception error)
        {
            Console.Error.WriteLine($"HelpBuilder : error VPPHELP00: {error}");
            return 1;
        }
    }

    private static int Build(string assemblyPath, string docPath, string outputPath, string about, IReadOnlyList<string> probe,
        string? markdown, string module)
    {
        // The cmdlet assembly's dependencies (VppPowerShell.Core...) sit beside it, or in the folders
        // given with --probe (the module's dependency folder); the PowerShell reference assembly
        // comes from this tool's own dependencies.
        var folders = new[] { Path.GetDirectoryName(assemblyPath)! }.Concat(probe).ToList();
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            var candidate = folders.Select(f => Path.Combine(f, name.Name + ".dll")).FirstOrDefault(File.Exists);
            return candidate is null ? null : context.LoadFromAssemblyPath(candidate);
        };

        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(assemblyPath);
        var docs = DocComments.Load(docPath);
        var problems = new List<string>();
        var cmdlets = CmdletModel.CmdletTypes(assembly).Select(t => CmdletModel.Read(t, docs, problems))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();

        if (cmdlets.Count == 0) problems.Add($"{assemblyPath} has no cmdlet classes.");
        if (problems.Count > 0)
        {
            // One line per problem, in MSBuild's error format, so a build shows each of them.
            foreach (var problem in problems) Console.Error.WriteLine($"HelpBuilder : error VPPHELP01: {problem}");
            return 1;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(true), NewLineChars = "\n" };
        using (var writer = XmlWriter.Create(outputPath, settings))
        {
            MamlWriter.Write(cmdlets, about).Save(writer);
        }

        Console.WriteLine($"HelpBuilder: {cmdlets.Count} cmdlets -> {outputPath}");
        if (markdown is not null)
        {
            var pages = MarkdownWriter.Pages(cmdlets, module, about);
            MarkdownWriter.Write(markdown, pages);
            Console.WriteLine($"HelpBuilder: {pages.Count} pages -> {markdown}");
        }

        return 0;
    }
}
