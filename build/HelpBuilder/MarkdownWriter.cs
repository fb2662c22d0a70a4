using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace VppPowerShell.Build.Help;

/// <summary>
/// Writes the online help: one Markdown page per cmdlet (&lt;Verb&gt;-&lt;Noun&gt;.md, the page its
/// HelpUri names) and an index (README.md), from the same model as the MAML help, in the layout of
/// PowerShell's own reference pages. The output depends on the cmdlets and their doc comments only,
/// so the committed docs/ folder can be compared with a fresh run.
/// </summary>
internal static class MarkdownWriter
{
    public const string IndexPage = "README.md";

    private const string CommonParametersText =
        "This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, " +
        "-InformationVariable, -OutBuffer, -OutVariable, -PipelineVariable, -ProgressAction, -Verbose, -WarningAction, " +
        "and -WarningVariable. For more information, see about_CommonParameters.";

    /// <summary>The pages by file name: one per cmdlet and the index.</summary>
    public static SortedDictionary<string, string> Pages(IReadOnlyList<CmdletModel> cmdlets, string moduleName, string aboutTopic)
    {
        var pages = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var cmdlet in cmdlets) pages[PageName(cmdlet)] = Page(cmdlet, cmdlets, moduleName, aboutTopic);
        pages[IndexPage] = Index(cmdlets, moduleName, aboutTopic);
        return pages;
    }

    /// <summary>
    /// Writes the pages into <paramref name="folder"/> and deletes the Markdown files there that are
    /// no longer generated (a removed cmdlet's page): the folder holds exactly the generated pages.
    /// </summary>
    public static void Write(string folder, IReadOnlyDictionary<string, string> pages)
    {
        Directory.CreateDirectory(folder);
        foreach (var stale in Directory.GetFiles(folder, "*.md").Where(f => !pages.ContainsKey(Path.GetFileName(f))))
        {
            File.Delete(stale);
        }

        var encoding = new UTF8Encoding(false);
        foreach (var (name, text) in pages)
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path) && File.ReadAllText(path, encoding) == text) continue;
            File.WriteAllText(path, text, encoding);
        }
    }

    public static string PageName(CmdletModel cmdlet) => cmdlet.Name + ".md";

    private static string Page(CmdletModel cmdlet, IReadOnlyList<CmdletModel> all, string moduleName, string aboutTopic)
    {
        var page = new PageText();
        page.Line("---");
        page.Line($"external help file: {moduleName}.dll-Help.xml");
        page.Line($"Module Name: {moduleName}");
        page.Line($"online version: {cmdlet.HelpUri ?? string.Empty}".TrimEnd());
        page.Line("schema: 2.0.0");
        page.Line("---");
        page.Blank();
        page.Line($"# {cmdlet.Name}");
        page.Blank();

        page.Section("SYNOPSIS");
        page.Paragraphs(new[] { cmdlet.Synopsis });

        page.Section("SYNTAX");
        foreach (var set in cmdlet.ParameterSets)
        {
            if (set != CmdletModel.AllParameterSets)
            {
                page.Line($"### {set}{(set == cmdlet.DefaultParameterSet ? " (Default)" : string.Empty)}");
                page.Blank();
            }

            page.Code(Syntax(cmdlet, set), string.Empty);
        }

        page.Section("DESCRIPTION");
        page.Paragraphs(cmdlet.Description.Count > 0 ? cmdlet.Description : new[] { cmdlet.Synopsis });

        page.Section("EXAMPLES");
        for (var i = 0; i < cmdlet.Examples.Count; i++)
        {
            page.Line($"### Example {i + 1}");
            page.Blank();
            page.Code(cmdlet.Examples[i].Code, "powershell");
            page.Paragraphs(cmdlet.Examples[i].Remarks);
        }

        page.Section("PARAMETERS");
        foreach (var parameter in cmdlet.Parameters) Parameter(page, cmdlet, parameter);
        if (cmdlet.SupportsShouldProcess)
        {
            ShouldProcessParameter(page, "Confirm", "cf", MamlWriter.ConfirmText);
            ShouldProcessParameter(page, "WhatIf", "wi", MamlWriter.WhatIfText);
        }

        page.Line("### CommonParameters");
        page.Blank();
        page.Paragraphs(new[] { CommonParametersText });

        page.Section("INPUTS");
        foreach (var (type, text) in cmdlet.Inputs())
        {
            page.Line($"### {type}");
            page.Blank();
            page.Paragraphs(new[] { text });
        }

        page.Section("OUTPUTS");
        foreach (var (type, text) in cmdlet.Outputs())
        {
            page.Line($"### {type}");
            page.Blank();
            page.Paragraphs(new[] { text });
        }

        page.Section("RELATED LINKS");
        foreach (var related in all.Where(c => c.Noun == cmdlet.Noun && c.Name != cmdlet.Name))
        {
            page.Line($"- [{related.Name}]({PageName(related)})");
        }

        page.Line($"- [{aboutTopic}]({IndexPage})");
        return page.Text();
    }

    private static string Index(IReadOnlyList<CmdletModel> cmdlets, string moduleName, string aboutTopic)
    {
        var page = new PageText();
        page.Line($"# {moduleName} cmdlets");
        page.Blank();
        page.Paragraphs(new[]
        {
            $"One page per cmdlet of the {moduleName} module, the page each cmdlet's Get-Help -Online opens. " +
            "The same text is in the module (Get-Help <cmdlet> -Full). These pages are generated from the cmdlets' " +
            "XML doc comments by build/HelpBuilder: do not edit them, edit the doc comments and run " +
            "dotnet build src/VppPowerShell/VppPowerShell.csproj -t:UpdateModuleDocs -c Release.",
            $"For an overview, see {aboutTopic} in the module (Get-Help {aboutTopic}).",
        });
        page.Line("| Cmdlet | Synopsis |");
        page.Line("|---|---|");
        foreach (var cmdlet in cmdlets)
        {
            page.Line($"| [{cmdlet.Name}]({PageName(cmdlet)}) | {cmdlet.Synopsis.Replace("|", "\\|")} |");
        }

        return page.Text();
    }

    /// <summary>One syntax line, as Get-Help shows it: [[-Name] &lt;String[]&gt;] [-Force] [&lt;CommonParameters&gt;].</summary>
    private static string Syntax(CmdletModel cmdlet, string set)
    {
        var parts = new List<string> { cmdlet.Name };
        foreach (var parameter in cmdlet.SyntaxOrder(set))
        {
            var binding = parameter.BindingFor(set);
            var name = binding.Position is null ? "-" + parameter.Name : "[-" + parameter.Name + "]";
            var text = parameter.IsSwitch ? "-" + parameter.Name : name + " <" + TypeNames.Short(parameter.Type) + ">";
            parts.Add(binding.Mandatory ? text : "[" + text + "]");
        }

        if (cmdlet.SupportsShouldProcess) parts.AddRange(new[] { "[-WhatIf]", "[-Confirm]" });
        parts.Add("[<CommonParameters>]");
        return string.Join(" ", parts);
    }

    private static void Parameter(PageText page, CmdletModel cmdlet, ParameterModel parameter)
    {
        page.Line($"### -{parameter.Name}");
        page.Blank();
        page.Paragraphs(new[] { parameter.Description });

        // One block per distinct binding, as PowerShell's reference pages do: sets that bind alike share one.
        var sets = parameter.Bindings.Any(b => b.SetName == CmdletModel.AllParameterSets)
            ? new[] { CmdletModel.AllParameterSets }
            : cmdlet.ParameterSets.Where(parameter.InSet).ToArray();
        var groups = sets.GroupBy(s => parameter.BindingFor(s) with { SetName = string.Empty }).ToList();
        foreach (var group in groups)
        {
            var binding = group.Key;
            var setNames = group.First() == CmdletModel.AllParameterSets || group.Count() == cmdlet.ParameterSets.Count
                ? "(All)"
                : string.Join(", ", group);
            var yaml = new List<string>
            {
                "Type: " + TypeNames.Short(parameter.Type),
                "Parameter Sets: " + setNames,
                "Aliases: " + string.Join(", ", parameter.Aliases),
            };
            if (parameter.ValidValues.Count > 0) yaml.Add("Accepted values: " + string.Join(", ", parameter.ValidValues));
            yaml.Add("");
            yaml.Add("Required: " + (binding.Mandatory ? "True" : "False"));
            yaml.Add("Position: " + (binding.Position?.ToString() ?? "Named"));
            yaml.Add("Default value: " + (parameter.IsSwitch ? "False" : "None"));
            yaml.Add("Accept pipeline input: " + MamlWriter.PipelineInput(binding));
            yaml.Add("Accept wildcard characters: " + (parameter.SupportsWildcards ? "True" : "False"));
            page.Code(string.Join("\n", yaml.Select(l => l.TrimEnd())), "yaml");
        }
    }

    private static void ShouldProcessParameter(PageText page, string name, string alias, string text)
    {
        page.Line($"### -{name}");
        page.Blank();
        page.Paragraphs(new[] { text });
        page.Code(string.Join("\n", new[]
        {
            "Type: SwitchParameter",
            "Parameter Sets: (All)",
            "Aliases: " + alias,
            "",
            "Required: False",
            "Position: Named",
            "Default value: False",
            "Accept pipeline input: False",
            "Accept wildcard characters: False",
        }), "yaml");
    }

    /// <summary>Markdown text with \n line ends and exactly one blank line between blocks.</summary>
    private sealed class PageText
    {
        private readonly StringBuilder text = new();

        public void Line(string line) => text.Append(line).Append('\n');

        public void Blank() => text.Append('\n');

        public void Section(string title)
        {
            Line("## " + title);
            Blank();
        }

        public void Paragraphs(IEnumerable<string> paragraphs)
        {
            foreach (var paragraph in paragraphs.Where(p => p.Length > 0))
            {
                // A paragraph that is a code block of the doc comment (several lines) stays a code block.
                if (paragraph.Contains('\n')) Code(paragraph, "powershell");
                else
                {
                    Line(Escape(paragraph));
                    Blank();
                }
            }
        }

        public void Code(string code, string language)
        {
            Line("```" + language);
            foreach (var line in code.Replace("\r\n", "\n").Split('\n')) Line(line.TrimEnd());
            Line("```");
            Blank();
        }

        public string Text() => text.ToString().TrimEnd('\n') + "\n";

        /// <summary>Keeps plain text plain: backslashes, asterisks, angle brackets and the characters Markdown reads as markup at a line start.</summary>
        private static string Escape(string paragraph)
        {
            var escaped = paragraph.Replace("\\", "\\\\").Replace("*", "\\*").Replace("<", "\\<").Replace(">", "\\>");
            if (escaped.StartsWith('#')) escaped = "\\" + escaped;
            return escaped;
        }
    }
}
