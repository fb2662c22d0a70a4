using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Xml.Linq;
using VppPowerShell.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace VppPowerShell.Tests.Module;

/// <summary>
/// The module tree that build/Module.targets lays out (the LayoutModule target), checked file by
/// file: manifest, scripts, help, both framework folders (on PowerShell 7.4+ the cmdlet assembly
/// alone beside its dependency folder, which the module's load context loads), native SQLite, and
/// what must not ship.
/// The cmdlet list always comes from the compiled assembly, so cmdlets added later are covered.
/// </summary>
public sealed partial class ModuleLayoutTests : IClassFixture<LaidOutModule>
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    /// <summary>Native SQLite ships for these runtimes, and no others.</summary>
    private static readonly Dictionary<string, string> NativeSqlite = new()
    {
        ["win-x64"] = "e_sqlite3.dll",
        ["win-arm64"] = "e_sqlite3.dll",
        ["linux-x64"] = "libe_sqlite3.so",
        ["linux-arm64"] = "libe_sqlite3.so",
        ["linux-musl-x64"] = "libe_sqlite3.so",
        ["osx-x64"] = "libe_sqlite3.dylib",
        ["osx-arm64"] = "libe_sqlite3.dylib",
    };

    private readonly LaidOutModule module;

    public ModuleLayoutTests(LaidOutModule module, ITestOutputHelper output)
    {
        this.module = module;
        output.WriteLine($"Layout: first run {module.First.Elapsed.TotalSeconds:F1} s, second {module.Second.Elapsed.TotalSeconds:F1} s, in {module.Folder}");
        Assert.True(module.First.ExitCode == 0, "The layout build failed:" + Environment.NewLine + module.First.Tail());
    }

    public static IEnumerable<object[]> Frameworks => new[] { new object[] { "net8.0" }, new object[] { "netstandard2.0" } };

    [Fact]
    public void A_second_layout_run_succeeds_and_gives_the_same_tree()
    {
        Assert.True(module.Second.ExitCode == 0, "The second layout run failed:" + Environment.NewLine + module.Second.Tail());
        var second = module.Snapshot();
        Assert.Equal(module.FirstTree.Keys.OrderBy(k => k, StringComparer.Ordinal), second.Keys.OrderBy(k => k, StringComparer.Ordinal));
        var changed = second.Where(f => module.FirstTree[f.Key] != f.Value).Select(f => f.Key).ToList();
        Assert.True(changed.Count == 0, "Files differ between two layout runs: " + string.Join(", ", changed));
    }

    [Fact]
    public void The_manifest_is_stamped_with_the_version_from_Directory_Build_props()
    {
        var manifest = module.Read("VppPowerShell.psd1");
        Assert.Equal(module.Version, ManifestText.String(manifest, "ModuleVersion"));
        Assert.DoesNotContain("__MODULE_VERSION__", manifest);
        Assert.Equal("VppPowerShell.psm1", ManifestText.String(manifest, "RootModule"));
        Assert.Equal("5.1", ManifestText.String(manifest, "PowerShellVersion"));
        Assert.Equal(new[] { "Core", "Desktop" }, ManifestText.Array(manifest, "CompatiblePSEditions")!.OrderBy(e => e, StringComparer.Ordinal));
        Assert.Matches("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$", ManifestText.String(manifest, "GUID") ?? string.Empty);
        foreach (var key in new[] { "FormatsToProcess", "TypesToProcess" })
        {
            var files = ManifestText.Array(manifest, key);
            Assert.NotNull(files);
            Assert.NotEmpty(files!);
            Assert.All(files!, f => Assert.True(File.Exists(module.PathOf(f)), $"{key} names {f}, which is not in the module."));
        }
    }

    [Fact]
    public void The_manifest_exports_exactly_the_compiled_cmdlets_by_name_and_nothing_else()
    {
        var manifest = module.Read("VppPowerShell.psd1");
        var exported = ManifestText.Array(manifest, "CmdletsToExport");
        Assert.NotNull(exported);
        Assert.DoesNotContain(exported!, e => e.Contains('*') || e.Contains('?'));

        var compiled = CmdletMetadata.All.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = compiled.Except(exported!, StringComparer.OrdinalIgnoreCase).ToList();
        var extra = exported!.Except(compiled, StringComparer.OrdinalIgnoreCase).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"CmdletsToExport in module/VppPowerShell.psd1 and the compiled cmdlets differ. Not exported: [{string.Join(", ", missing)}]; " +
            $"exported but not compiled: [{string.Join(", ", extra)}].");
        Assert.Equal(exported!.Count, exported.Distinct(StringComparer.OrdinalIgnoreCase).Count());

        foreach (var key in new[] { "FunctionsToExport", "AliasesToExport", "VariablesToExport" })
        {
            Assert.Equal(Array.Empty<string>(), ManifestText.Array(manifest, key));
        }
    }

    [Fact]
    public void The_root_module_format_types_and_about_files_are_laid_out_from_module()
    {
        foreach (var file in new[] { "VppPowerShell.psm1", "VppPowerShell.format.ps1xml", "VppPowerShell.types.ps1xml", Path.Combine("en-US", "about_VppPowerShell.help.txt") })
        {
            Assert.True(File.Exists(module.PathOf(file)), $"{file} is missing from the module.");
            Assert.Equal(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "module", file)), module.Read(file));
        }

        Assert.Equal("Configuration", XDocument.Load(module.PathOf("VppPowerShell.format.ps1xml")).Root!.Name.LocalName);
        Assert.Equal("Types", XDocument.Load(module.PathOf("VppPowerShell.types.ps1xml")).Root!.Name.LocalName);
        Assert.Contains("about_VppPowerShell", module.Read("en-US", "about_VppPowerShell.help.txt"));
    }

    /// <summary>The engine and the dependencies it shares with other modules (the ones that conflict).</summary>
    private static readonly string[] EngineFiles =
        { "VppPowerShell.Core.dll", "VppPowerShell.Simulator.dll", "Microsoft.Data.Sqlite.dll", "SQLitePCLRaw.core.dll", "SQLitePCLRaw.provider.e_sqlite3.dll", "SQLitePCLRaw.batteries_v2.dll", "Polly.Core.dll" };

    [Theory]
    [MemberData(nameof(Frameworks))]
    public void Each_framework_folder_has_the_cmdlets_the_engine_and_every_dependency_they_reference(string framework)
    {
        // PowerShell 7.4+: the cmdlet assembly in bin/net8.0, everything else in its dependency folder.
        // Windows PowerShell 5.1: all of it side by side in bin/netstandard2.0.
        var cmdletFolder = module.PathOf("bin", framework);
        var dependencyFolder = module.DependencyFolder(framework);
        var relative = Path.GetRelativePath(module.Folder, dependencyFolder).Replace('\\', '/');
        Assert.True(File.Exists(Path.Combine(cmdletFolder, "VppPowerShell.dll")), $"bin/{framework}/VppPowerShell.dll is missing.");
        foreach (var file in EngineFiles)
        {
            Assert.True(File.Exists(Path.Combine(dependencyFolder, file)), $"{relative}/{file} is missing.");
        }

        var missing = new List<string>();
        foreach (var assembly in Directory.EnumerateFiles(cmdletFolder, "*.dll").Concat(Directory.EnumerateFiles(dependencyFolder, "*.dll")).Distinct())
        {
            foreach (var reference in References(assembly))
            {
                if (!Ships(dependencyFolder, reference) && !ProvidedByHost(framework, reference))
                {
                    missing.Add($"{Path.GetFileName(assembly)} -> {reference}");
                }
            }
        }

        Assert.True(missing.Count == 0, $"{relative} lacks assemblies the module's dlls reference: " + string.Join("; ", missing));
    }

    [Fact]
    public void On_PowerShell_7_only_the_cmdlet_assembly_is_outside_the_dependency_folder()
    {
        // Anything beside VppPowerShell.dll would load in PowerShell's default load context, where another
        // module's copy of the same assembly conflicts with it; the private context loads the dependency folder.
        var cmdletFolder = module.PathOf("bin", "net8.0");
        var files = Directory.GetFiles(cmdletFolder).Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "VppPowerShell.dll", "VppPowerShell.pdb" }, files);
        Assert.Equal(new[] { EngineLoadContext.FolderName, "en-US" }.OrderBy(f => f, StringComparer.Ordinal), Folders(cmdletFolder));

        var dependencyFolder = module.DependencyFolder("net8.0");
        Assert.False(File.Exists(Path.Combine(dependencyFolder, "VppPowerShell.dll")), "The cmdlet assembly must not also be in the dependency folder.");
        Assert.Empty(Directory.GetFiles(dependencyFolder, "*.deps.json"));
    }

    [Theory]
    [MemberData(nameof(Frameworks))]
    public void The_cmdlet_assembly_references_only_the_engine_the_simulator_PowerShell_and_the_framework(string framework)
    {
        // Whatever else it referenced would be resolved in PowerShell's default load context, not the module's.
        var dependencyFolder = module.DependencyFolder(framework);
        var allowed = new[] { "VppPowerShell.Core", "VppPowerShell.Simulator", "System.Management.Automation" };
        var references = References(module.PathOf("bin", framework, "VppPowerShell.dll")).ToList();
        Assert.Contains("VppPowerShell.Core", references);
        var others = references.Where(r => !allowed.Contains(r) && (Ships(dependencyFolder, r) || !ProvidedByHost(framework, r))).ToList();
        Assert.True(others.Count == 0, $"bin/{framework}/VppPowerShell.dll references {string.Join(", ", others)}: only the engine, the simulator, PowerShell and the framework may be referenced by the cmdlet assembly.");
    }

    [Fact]
    public void Native_sqlite_ships_for_exactly_the_supported_runtimes()
    {
        // PowerShell 7.4+: in the dependency folder, where the module's load context looks for it.
        var runtimes = Path.Combine(module.DependencyFolder("net8.0"), "runtimes");
        Assert.False(Directory.Exists(module.PathOf("bin", "net8.0", "runtimes")), "Native SQLite belongs in the dependency folder, not beside the cmdlet assembly.");
        Assert.Equal(NativeSqlite.Keys.OrderBy(r => r, StringComparer.Ordinal), Folders(runtimes));
        foreach (var (rid, file) in NativeSqlite)
        {
            Assert.True(File.Exists(Path.Combine(runtimes, rid, "native", file)), $"bin/net8.0/{EngineLoadContext.FolderName}/runtimes/{rid}/native/{file} is missing.");
        }

        // This process's runtime identifier, as the load context computes it, is one of them where the tests run.
        Assert.Contains(EngineLoadContext.RuntimeIdentifier(), NativeSqlite.Keys);

        // Windows PowerShell 5.1 runs on Windows only: its folder needs the Windows builds, and no RID outside the list.
        var desktop = module.PathOf("bin", "netstandard2.0", "runtimes");
        var desktopRids = Folders(desktop);
        Assert.Subset(NativeSqlite.Keys.ToHashSet(), desktopRids.ToHashSet());
        foreach (var rid in new[] { "win-x64", "win-arm64" })
        {
            Assert.True(File.Exists(Path.Combine(desktop, rid, "native", "e_sqlite3.dll")), $"bin/netstandard2.0/runtimes/{rid}/native/e_sqlite3.dll is missing.");
        }
    }

    [Fact]
    public void Nothing_ships_that_must_not()
    {
        var files = module.RelativeFiles();
        Assert.DoesNotContain(files, f => Path.GetFileName(f).Equals("System.Management.Automation.dll", StringComparison.OrdinalIgnoreCase));
        var forbidden = files.Where(f =>
        {
            var name = Path.GetFileName(f);
            return name.Contains(".Tests.", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("xunit", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("testhost", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("Microsoft.TestPlatform", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("Microsoft.VisualStudio.", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("HelpBuilder", StringComparison.OrdinalIgnoreCase);
        }).ToList();
        Assert.True(forbidden.Count == 0, "Test or build-only files in the module: " + string.Join(", ", forbidden));

        // The XML doc files become the MAML help; they do not ship themselves.
        var stray = files.Where(f => f.StartsWith("bin/", StringComparison.Ordinal) && f.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)
            && !f.EndsWith("/en-US/VppPowerShell.dll-Help.xml", StringComparison.Ordinal)).ToList();
        Assert.True(stray.Count == 0, "Unexpected XML files under bin: " + string.Join(", ", stray));
    }

    [Fact]
    public void The_maml_help_is_well_formed_and_covers_every_cmdlet_and_parameter()
    {
        var help = XDocument.Load(module.PathOf("en-US", "VppPowerShell.dll-Help.xml"));
        var root = help.Root!;
        Assert.Equal(Msh + "helpItems", root.Name);
        Assert.Equal("maml", (string?)root.Attribute("schema"));
        Assert.Equal(Maml.NamespaceName, root.GetNamespaceOfPrefix("maml")?.NamespaceName);
        Assert.Equal(Command.NamespaceName, root.GetNamespaceOfPrefix("command")?.NamespaceName);
        Assert.Equal(Dev.NamespaceName, root.GetNamespaceOfPrefix("dev")?.NamespaceName);

        var commands = root.Elements(Command + "command").ToList();
        var documented = commands.Select(c => Text(c.Element(Command + "details")?.Element(Command + "name"))).ToList();
        Assert.Equal(CmdletMetadata.All.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal), documented.OrderBy(n => n, StringComparer.Ordinal));

        var problems = new List<string>();
        foreach (var cmdlet in CmdletMetadata.All)
        {
            var command = commands.Single(c => Text(c.Element(Command + "details")!.Element(Command + "name")) == cmdlet.Name);
            var details = command.Element(Command + "details")!;
            if (Text(details.Element(Command + "verb")) != cmdlet.Verb || Text(details.Element(Command + "noun")) != cmdlet.Noun)
            {
                problems.Add($"{cmdlet.Name}: verb or noun differs from [Cmdlet].");
            }

            if (Text(details.Element(Maml + "description")).Length == 0) problems.Add($"{cmdlet.Name}: empty synopsis.");
            if (Text(command.Element(Maml + "description")).Length == 0) problems.Add($"{cmdlet.Name}: empty description.");

            var syntaxItems = command.Element(Command + "syntax")?.Elements(Command + "syntaxItem").ToList() ?? new();
            // A set that only the hidden pipeline parameter makes (piping tokens) has no syntax of its own.
            var shownSets = cmdlet.ParameterSetNames.Count(set => !cmdlet.Parameters.Any(p => p.IsHidden && p.Sets.Any(s => s.SetName == set && s.Mandatory)));
            if (syntaxItems.Count != shownSets)
            {
                problems.Add($"{cmdlet.Name}: {syntaxItems.Count} syntax items for {shownSets} parameter sets.");
            }

            var described = (command.Element(Command + "parameters")?.Elements(Command + "parameter") ?? Enumerable.Empty<XElement>())
                .ToDictionary(p => Text(p.Element(Maml + "name")), p => Text(p.Element(Maml + "description")), StringComparer.OrdinalIgnoreCase);
            var inSyntax = syntaxItems.SelectMany(s => s.Elements(Command + "parameter")).Select(p => Text(p.Element(Maml + "name")))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in cmdlet.Parameters.Where(p => !p.IsHidden))
            {
                if (!described.TryGetValue(parameter.Name, out var description) || description.Length == 0)
                {
                    problems.Add($"{cmdlet.Name} -{parameter.Name}: no description in the help.");
                }

                if (!inSyntax.Contains(parameter.Name)) problems.Add($"{cmdlet.Name} -{parameter.Name}: in no syntax item.");
            }

            foreach (var example in command.Element(Command + "examples")?.Elements(Command + "example") ?? Enumerable.Empty<XElement>())
            {
                if (Text(example.Element(Dev + "code")).Length == 0) problems.Add($"{cmdlet.Name}: an example without code.");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(Frameworks))]
    public void The_help_is_also_beside_each_cmdlet_assembly_where_Get_Help_looks_for_it(string framework)
    {
        // Get-Help looks in the module base of the cmdlet's own (nested, binary) module: bin/<framework>.
        Assert.Equal(module.Read("en-US", "VppPowerShell.dll-Help.xml"), module.Read("bin", framework, "en-US", "VppPowerShell.dll-Help.xml"));
    }

    [Fact]
    public void Every_output_type_has_one_table_view_whose_columns_are_its_properties()
    {
        var manifest = module.Read("VppPowerShell.psd1");
        var views = ManifestText.Array(manifest, "FormatsToProcess")!
            .SelectMany(f => XDocument.Load(module.PathOf(f)).Descendants("View"))
            .Where(v => v.Element("TableControl") is not null)
            .SelectMany(v => v.Element("ViewSelectedBy")!.Elements("TypeName").Select(t => (Type: t.Value.Trim(), View: v)))
            .ToList();

        // PowerShell uses the first table view of a type and ignores the others: a second one is a mistake.
        var problems = views.GroupBy(v => v.Type).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key} has {g.Count()} table views.").ToList();
        var outputTypes = CmdletMetadata.All.SelectMany(c => c.OutputTypes).Where(IsModuleType).Distinct();
        foreach (var type in outputTypes)
        {
            var view = views.FirstOrDefault(v => v.Type == type.FullName).View;
            if (view is null)
            {
                problems.Add($"{type.FullName} has no table view.");
                continue;
            }

            foreach (var column in view.Descendants("PropertyName").Select(p => p.Value.Trim()))
            {
                if (type.GetProperty(column, BindingFlags.Public | BindingFlags.Instance) is null)
                {
                    problems.Add($"The view of {type.FullName} shows {column}, which is not one of its properties.");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_package_is_a_PowerShellGet_package_of_exactly_the_laid_out_module()
    {
        Assert.True(module.Second.ExitCode == 0, "PackModule failed:" + Environment.NewLine + module.Second.Tail());
        using var package = ZipFile.OpenRead(module.Package);
        var entries = package.Entries.Select(e => e.FullName).ToList();
        Assert.DoesNotContain(entries, e => e.Contains('\\'));

        var nuspecEntry = package.GetEntry("VppPowerShell.nuspec");
        Assert.NotNull(nuspecEntry);
        XDocument nuspec;
        using (var stream = nuspecEntry!.Open()) nuspec = XDocument.Load(stream);
        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Meta(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value.Trim() ?? string.Empty;
        Assert.Equal("VppPowerShell", Meta("id"));
        Assert.Equal(module.Version, Meta("version"));
        Assert.NotEmpty(Meta("description"));
        Assert.NotEmpty(Meta("authors"));

        var tags = Meta("tags").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("PSModule", tags);
        Assert.Contains("PSIncludes_Cmdlet", tags);
        Assert.Contains("PSEdition_Desktop", tags);
        Assert.Contains("PSEdition_Core", tags);
        foreach (var cmdlet in CmdletMetadata.All)
        {
            Assert.Contains("PSCmdlet_" + cmdlet.Name, tags);
            Assert.Contains("PSCommand_" + cmdlet.Name, tags);
        }

        // Every module file at the same place in the package, nothing else but NuGet's own parts.
        var moduleFiles = module.RelativeFiles();
        var packaged = entries.Where(e => !e.EndsWith('/')
                && e != "VppPowerShell.nuspec" && e != "[Content_Types].xml"
                && !e.StartsWith("_rels/", StringComparison.Ordinal) && !e.StartsWith("package/", StringComparison.Ordinal))
            .OrderBy(e => e, StringComparer.Ordinal).ToList();
        Assert.Equal(moduleFiles, packaged);
    }

    private static bool IsModuleType(Type type) =>
        type != typeof(void) && (type.Assembly.GetName().Name ?? string.Empty).StartsWith("VppPowerShell", StringComparison.Ordinal);

    private static string Text(XElement? element) => element?.Value.Trim() ?? string.Empty;

    private static List<string> Folders(string path) =>
        Directory.Exists(path)
            ? Directory.GetDirectories(path).Select(Path.GetFileName).Select(n => n!).OrderBy(n => n, StringComparer.Ordinal).ToList()
            : new List<string>();

    private static IEnumerable<string> References(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata) return Array.Empty<string>();
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToList();
    }

    private static bool Ships(string folder, string assemblyName) => File.Exists(Path.Combine(folder, assemblyName + ".dll"));

    /// <summary>
    /// What the host supplies: PowerShell itself, and the framework. For net8.0 that is the shared
    /// framework (judged by the one running the tests); netstandard2.0 builds reach the .NET
    /// Framework only through netstandard and mscorlib, so anything else must ship.
    /// </summary>
    private static bool ProvidedByHost(string framework, string assemblyName)
    {
        if (assemblyName == "System.Management.Automation") return true;
        if (framework == "netstandard2.0") return assemblyName is "netstandard" or "mscorlib";
        return File.Exists(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), assemblyName + ".dll"));
    }
}
