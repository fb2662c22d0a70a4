using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using VppPowerShell.Tests.Harness;
using Xunit;

namespace VppPowerShell.Tests.Module;

/// <summary>
/// What publishing needs: the manifest's project, license and help addresses and release notes, the
/// LICENSE and CHANGELOG.md they come from, each cmdlet's HelpUri naming its page in docs/, and docs/
/// exactly as the help generator writes it from the doc comments (so it never goes stale).
/// </summary>
public sealed partial class ModuleLayoutTests
{
    private const string UpdateDocsCommand = "dotnet build src/VppPowerShell/VppPowerShell.csproj -t:UpdateModuleDocs -c Release";

    [Fact]
    public void The_committed_docs_are_what_the_help_generator_writes_from_the_doc_comments()
    {
        var committedFolder = Path.Combine(RepositoryPaths.Root, "docs");
        Assert.True(Directory.Exists(module.GeneratedDocs), $"The layout generated no pages in {module.GeneratedDocs}.");
        var generated = Pages(module.GeneratedDocs);
        var committed = Directory.Exists(committedFolder) ? Pages(committedFolder) : new Dictionary<string, string>();

        Assert.Contains("README.md", generated.Keys);
        foreach (var cmdlet in CmdletMetadata.All) Assert.Contains(cmdlet.Name + ".md", generated.Keys);

        var missing = generated.Keys.Except(committed.Keys).ToList();
        var extra = committed.Keys.Except(generated.Keys).ToList();
        var stale = generated.Keys.Intersect(committed.Keys).Where(k => generated[k] != committed[k]).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0 && stale.Count == 0,
            $"docs/ differs from the pages generated from the doc comments. Missing: [{string.Join(", ", missing)}]; " +
            $"not generated: [{string.Join(", ", extra)}]; different: [{string.Join(", ", stale)}]. Run: {UpdateDocsCommand}");
    }

    [Fact]
    public void Every_cmdlet_has_a_HelpUri_that_names_its_page_in_docs()
    {
        var docsUri = ProjectUri() + "/blob/" + BuildProperty("PSModuleSourceBranch") + "/docs/";
        var problems = new List<string>();
        foreach (var cmdlet in CmdletMetadata.All)
        {
            var helpUri = cmdlet.Type.GetCustomAttribute<CmdletAttribute>()!.HelpUri;
            var expected = docsUri + cmdlet.Name + ".md";
            if (helpUri != expected) problems.Add($"{cmdlet.Name}: HelpUri is '{helpUri}', expected '{expected}'.");
            if (!Uri.TryCreate(helpUri, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps) problems.Add($"{cmdlet.Name}: HelpUri is not an https address.");
            var page = helpUri is null ? string.Empty : helpUri.Substring(helpUri.LastIndexOf('/') + 1);
            if (!File.Exists(Path.Combine(RepositoryPaths.Root, "docs", page))) problems.Add($"{cmdlet.Name}: HelpUri names docs/{page}, which does not exist.");
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_maml_help_links_each_cmdlet_to_its_online_page_first()
    {
        // Get-Help -Online opens the first related link with an address.
        var help = XDocument.Load(module.PathOf("en-US", "VppPowerShell.dll-Help.xml"));
        foreach (var cmdlet in CmdletMetadata.All)
        {
            var command = help.Root!.Elements(Command + "command").Single(c => Text(c.Element(Command + "details")!.Element(Command + "name")) == cmdlet.Name);
            var first = command.Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink")
                .Select(l => Text(l.Element(Maml + "uri"))).FirstOrDefault(u => u.Length > 0);
            Assert.Equal(cmdlet.Type.GetCustomAttribute<CmdletAttribute>()!.HelpUri, first);
        }
    }

    [Fact]
    public void The_manifest_carries_project_license_and_help_addresses_and_the_latest_release_notes()
    {
        var manifest = module.Read("VppPowerShell.psd1");
        var project = ProjectUri();
        var branch = BuildProperty("PSModuleSourceBranch");
        Assert.Equal(project, ManifestText.String(manifest, "ProjectUri"));
        Assert.Equal($"{project}/blob/{branch}/LICENSE", ManifestText.String(manifest, "LicenseUri"));
        Assert.Equal($"{project}/tree/{branch}/docs", ManifestText.String(manifest, "HelpInfoURI"));
        Assert.Equal($"{project}/tree/{branch}/docs", ManifestText.String(manifest, "HelpInfoUri"));
        Assert.Contains("PSData", manifest);

        var notes = Regex.Match(manifest, @"(?m)^\s*ReleaseNotes\s*=\s*'(?<value>(?:[^']|'')*)'");
        Assert.True(notes.Success, "The manifest has no single-quoted ReleaseNotes.");
        var (version, entry) = LatestChangelogEntry();
        Assert.Equal(module.Version, version);
        Assert.Equal(entry, notes.Groups["value"].Value.Replace("''", "'").Replace("\r\n", "\n"));
    }

    [Fact]
    public void The_repository_has_the_LICENSE_the_manifest_and_package_name()
    {
        var license = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "LICENSE"));
        Assert.StartsWith("MIT License", license);
        var copyright = ManifestText.String(module.Read("VppPowerShell.psd1"), "Copyright");
        Assert.False(string.IsNullOrEmpty(copyright));
        Assert.Contains(copyright!, license);
    }

    [Fact]
    public void The_package_names_the_project_license_and_release_notes()
    {
        Assert.True(module.Second.ExitCode == 0, "PackModule failed:" + Environment.NewLine + module.Second.Tail());
        using var package = ZipFile.OpenRead(module.Package);
        XDocument nuspec;
        using (var stream = package.GetEntry("VppPowerShell.nuspec")!.Open()) nuspec = XDocument.Load(stream);
        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        XElement? Meta(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name);
        Assert.Equal(ProjectUri(), Meta("projectUrl")?.Value.Trim());
        Assert.Equal("expression", (string?)Meta("license")?.Attribute("type"));
        Assert.Equal("MIT", Meta("license")?.Value.Trim());
        Assert.Equal(LatestChangelogEntry().Text, Meta("releaseNotes")?.Value.Trim().Replace("\r\n", "\n"));
    }

    /// <summary>The version in the first '## ' heading of CHANGELOG.md and the text under it.</summary>
    private static (string Version, string Text) LatestChangelogEntry()
    {
        var changelog = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "CHANGELOG.md")).Replace("\r\n", "\n");
        var match = Regex.Match(changelog, @"(?ms)^## \[?(?<version>[^\]\s]+)\]?[^\n]*\n(?<text>.*?)(?=^## |\z)");
        Assert.True(match.Success, "CHANGELOG.md has no '## <version>' entry.");
        return (match.Groups["version"].Value, match.Groups["text"].Value.Trim());
    }

    private static string ProjectUri()
    {
        var uri = BuildProperty("PSModuleProjectUri");
        Assert.True(Uri.TryCreate(uri, UriKind.Absolute, out _), $"PSModuleProjectUri '{uri}' is not an absolute address.");
        return uri;
    }

    /// <summary>A property that build/Module.targets sets (the one place the project's address is defined).</summary>
    private static string BuildProperty(string name)
    {
        var targets = XDocument.Load(Path.Combine(RepositoryPaths.Root, "build", "Module.targets"));
        var value = targets.Descendants(name).Select(e => e.Value.Trim()).SingleOrDefault();
        Assert.False(string.IsNullOrEmpty(value), $"build/Module.targets sets no {name}.");
        return value!;
    }

    private static Dictionary<string, string> Pages(string folder) =>
        Directory.GetFiles(folder, "*.md").ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f).Replace("\r\n", "\n"));
}
