using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using VppPowerShell.Tests.Harness;
using Xunit;

namespace VppPowerShell.Tests.Contracts;

/// <summary>
/// Every citation resolves inside the repository: a business rule id (R-T2) has its heading in
/// docs/design/business-rules.md, an Apple service section (API §12.2) its numbered heading in
/// docs/design/apple-service.md, and no file points at documents outside the repository.
/// </summary>
public sealed class CitationTests
{
    private const string RulesPage = "docs/design/business-rules.md";
    private const string ApplePage = "docs/design/apple-service.md";

    /// <summary>Where citations are read: these folders and root files.</summary>
    private static readonly string[] CitingFolders = { "src/", "tests/", "build/", "docs/" };
    private static readonly string[] CitingRootFiles = { "README.md", "CONTRIBUTING.md", "CHANGELOG.md" };

    /// <summary>The hand-written pages whose relative links must lead to a file of the repository.</summary>
    private static readonly string[] LinkingRootFiles = { "README.md", "CONTRIBUTING.md" };

    private static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".cs", ".csproj", ".props", ".targets", ".proj", ".sln", ".md", ".txt", ".ps1", ".psm1", ".psd1", ".ps1xml",
        ".json", ".xml", ".sh", ".yml", ".yaml", ".editorconfig", ".gitignore", ".gitattributes", ".sql", ".html", ".css", ".js", "",
    };

    // A rule id: "R-", a family in capitals, a number, maybe a letter. A family cited without its number is caught too: it resolves to nothing.
    private static readonly Regex RuleCitation = new(@"\bR-[A-Z]{1,3}[0-9]*[a-z]?\b", RegexOptions.CultureInvariant);
    private static readonly Regex RuleDefinition = new(@"^#{2,6}[ \t]+(R-[A-Z]{1,3}[0-9]+[a-z]?)\b", RegexOptions.CultureInvariant | RegexOptions.Multiline);

    // "API §5.4", "API §5.1, §8", "API §3–§6", and "API" at the end of a comment line with "§12.2" on the next one.
    private static readonly Regex ApiCitation = new(
        @"\bAPI(?:[ \t]|\r?\n[ \t]*(?:///?|#|\*)?[ \t]*)*§(?<first>\d+(?:\.\d+)*)(?<more>(?:[ \t]*(?:,|–|—|-|/|and|or|to)[ \t]*§\d+(?:\.\d+)*)*)",
        RegexOptions.CultureInvariant);
    private static readonly Regex SectionNumber = new(@"§(\d+(?:\.\d+)*)", RegexOptions.CultureInvariant);
    private static readonly Regex SectionHeading = new(@"^#{1,6}[ \t]+(\d+(?:\.\d+)*)\.?[ \t]", RegexOptions.CultureInvariant | RegexOptions.Multiline);

    private static readonly Regex MarkdownLink = new(@"\]\((?<target>[^)\s#]+)(?:#[^)\s]*)?\)", RegexOptions.CultureInvariant);

    /// <summary>Addresses of documents that live beside the repository, never in it (written in pieces so this file passes its own check).</summary>
    private static readonly string[] OutsidePaths =
    {
        "../" + "shared", "DOMAIN" + ".md", "DESIGN" + ".md", "apple-apps-and-books-api" + ".md", "/" + "work/",
    };

    [Fact]
    public void Every_cited_business_rule_has_its_heading_in_the_rules_page()
    {
        var defined = RuleDefinition.Matches(Read(RulesPage)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.True(defined.Count > 0, $"{RulesPage} defines no rule: each rule is a heading such as '### R-T2 ...'.");

        var unresolved = CitingFiles()
            .SelectMany(file => RuleCitation.Matches(Read(file)).Select(m => (file, m.Value, m.Index)))
            .Where(c => !defined.Contains(c.Value))
            .Select(c => $"{c.file}:{LineOf(c.file, c.Index)}: {c.Value}")
            .ToList();

        Assert.True(unresolved.Count == 0,
            $"Business rule ids cited but not defined by a heading ('### <id> ...') in {RulesPage}:\n" + string.Join("\n", unresolved));
    }

    [Fact]
    public void Every_cited_Apple_service_section_has_its_numbered_heading()
    {
        var sections = Sections();
        Assert.True(sections.Count > 0, $"{ApplePage} has no numbered heading such as '### 12.2 ...'.");

        var cited = CitingFiles().SelectMany(file =>
            ApiCitation.Matches(Read(file)).SelectMany(m =>
                new[] { (Number: m.Groups["first"].Value, Index: m.Groups["first"].Index) }
                    .Concat(SectionNumber.Matches(m.Groups["more"].Value).Select(n => (Number: n.Groups[1].Value, Index: m.Groups["more"].Index + n.Index)))
                    .Select(n => (file, n.Number, n.Index))));
        // The page's own cross-references (§19.3) resolve on the page too.
        var internalReferences = SectionNumber.Matches(Read(ApplePage)).Select(m => (file: ApplePage, Number: m.Groups[1].Value, m.Index));

        var unresolved = cited.Concat(internalReferences)
            .Where(c => !sections.Contains(c.Number))
            .Select(c => $"{c.file}:{LineOf(c.file, c.Index)}: §{c.Number}")
            .Distinct()
            .ToList();

        Assert.True(unresolved.Count == 0,
            $"Apple service sections cited but without a heading of that number ('## 12. ...', '### 12.2 ...') in {ApplePage}:\n" + string.Join("\n", unresolved));
    }

    [Fact]
    public void No_file_points_at_documents_outside_the_repository()
    {
        var outside = RepositoryFiles()
            .Where(IsText)
            .SelectMany(file => File.ReadLines(Full(file)).Select((line, index) => (file, line, index)))
            .SelectMany(l => OutsidePaths.Where(p => l.line.Contains(p, StringComparison.Ordinal)).Select(p => $"{l.file}:{l.index + 1}: '{p}' in: {l.line.Trim()}"))
            .ToList();

        Assert.True(outside.Count == 0,
            "Files that point outside the repository (the rules are in docs/design/business-rules.md, Apple's service in " +
            "docs/design/apple-service.md, the design in docs/design/architecture.md):\n" + string.Join("\n", outside));
    }

    [Fact]
    public void Relative_links_of_the_hand_written_pages_lead_to_files_of_the_repository()
    {
        var pages = LinkingRootFiles.Where(f => File.Exists(Full(f)))
            .Concat(RepositoryFiles().Where(f => f.StartsWith("docs/design/", StringComparison.Ordinal) && f.EndsWith(".md", StringComparison.Ordinal)));
        var root = Path.GetFullPath(RepositoryPaths.Root);

        var broken = pages.SelectMany(page => MarkdownLink.Matches(Read(page)).Select(m => (page, Target: m.Groups["target"].Value, m.Index)))
            .Where(l => !l.Target.Contains("://", StringComparison.Ordinal) && !l.Target.StartsWith("mailto:", StringComparison.Ordinal))
            .Where(l =>
            {
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Full(l.page))!, Uri.UnescapeDataString(l.Target)));
                return !target.StartsWith(root, StringComparison.Ordinal) || !(File.Exists(target) || Directory.Exists(target));
            })
            .Select(l => $"{l.page}:{LineOf(l.page, l.Index)}: {l.Target}")
            .ToList();

        Assert.True(broken.Count == 0, "Links to files that are not in the repository:\n" + string.Join("\n", broken));
    }

    private static HashSet<string> Sections() =>
        SectionHeading.Matches(Read(ApplePage)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> CitingFiles() =>
        RepositoryFiles()
            .Where(f => CitingRootFiles.Contains(f, StringComparer.Ordinal) || CitingFolders.Any(d => f.StartsWith(d, StringComparison.Ordinal)))
            .Where(IsText);

    private static readonly Lazy<IReadOnlyList<string>> Files = new(ListFiles);

    /// <summary>The repository's files, relative with '/': what git tracks (files made while tests run are not), else a walk of the tree.</summary>
    private static IReadOnlyList<string> RepositoryFiles() => Files.Value;

    private static IReadOnlyList<string> ListFiles()
    {
        var fromGit = GitFiles();
        var files = fromGit ?? WalkTree();
        return files.Where(f => File.Exists(Full(f))).OrderBy(f => f, StringComparer.Ordinal).ToList();
    }

    private static List<string>? GitFiles()
    {
        try
        {
            var start = new ProcessStartInfo("git", "ls-files -z --cached")
            {
                WorkingDirectory = RepositoryPaths.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var git = Process.Start(start);
            if (git is null) return null;
            var output = git.StandardOutput.ReadToEnd();
            git.StandardError.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 ? output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine
        }
    }

    private static List<string> WalkTree()
    {
        string[] skipped = { "bin", "obj", "output", ".git", "TestResults", "node_modules", "artifacts" };
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(RepositoryPaths.Root);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(folder))
            {
                if (!skipped.Contains(Path.GetFileName(sub), StringComparer.Ordinal)) pending.Push(sub);
            }

            found.AddRange(Directory.EnumerateFiles(folder).Select(f => Path.GetRelativePath(RepositoryPaths.Root, f).Replace('\\', '/')));
        }

        return found;
    }

    private static bool IsText(string file)
    {
        var name = Path.GetFileName(file);
        if (!TextExtensions.Contains(Path.GetExtension(name)) && !TextExtensions.Contains(name)) return false;
        var info = new FileInfo(Full(file));
        if (info.Length > 4 * 1024 * 1024) return false;
        using var stream = info.OpenRead();
        var head = new byte[Math.Min(8192, (int)info.Length)];
        var read = stream.Read(head, 0, head.Length);
        return Array.IndexOf(head, (byte)0, 0, read) < 0;
    }

    private static readonly Dictionary<string, string> Texts = new(StringComparer.Ordinal);

    private static string Read(string file)
    {
        lock (Texts)
        {
            if (!Texts.TryGetValue(file, out var text))
            {
                Assert.True(File.Exists(Full(file)), $"{file} does not exist.");
                text = File.ReadAllText(Full(file));
                Texts[file] = text;
            }

            return text;
        }
    }

    private static int LineOf(string file, int index)
    {
        var text = Read(file);
        var line = 1;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n') line++;
        }

        return line;
    }

    private static string Full(string file) => Path.Combine(RepositoryPaths.Root, file.Replace('/', Path.DirectorySeparatorChar));
}
