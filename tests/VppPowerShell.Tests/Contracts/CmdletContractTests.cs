using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using VppPowerShell.Tests.Harness;
using Xunit;

namespace VppPowerShell.Tests.Contracts;

/// <summary>
/// Rules every cmdlet keeps, read from metadata, so each cmdlet added later is held to them too.
/// </summary>
public sealed class CmdletContractTests
{
    private static readonly string[] ReadOnlyVerbs = { "Get", "Test", "Find", "Search", "Show", "Measure", "Compare", "Resolve", "Read", "Wait", "Watch" };

    public static IEnumerable<object[]> Cmdlets => CmdletMetadata.All.Select(c => new object[] { c.Name });

    [Fact]
    public void The_module_has_the_token_and_store_cmdlets()
    {
        var names = CmdletMetadata.All.Select(c => c.Name).ToList();
        Assert.Superset(new HashSet<string> { "Add-VppToken", "Get-VppToken", "Set-VppToken", "Remove-VppToken", "Test-VppToken", "Use-VppStore", "Get-VppStore" },
            names.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Uses_an_approved_verb_a_Vpp_noun_and_the_class_naming(string name)
    {
        var cmdlet = CmdletMetadata.Find(name);
        Assert.Contains(cmdlet.Verb, ApprovedVerbs());
        Assert.StartsWith("Vpp", cmdlet.Noun, StringComparison.Ordinal);
        Assert.Equal(cmdlet.Verb + cmdlet.Noun + "Command", cmdlet.Type.Name);
        Assert.True(cmdlet.Type.IsSealed);
        Assert.True(typeof(VppCmdlet).IsAssignableFrom(cmdlet.Type), "Every cmdlet goes through the VppCmdlet seam.");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Declares_its_output_types_each_with_a_table_view(string name)
    {
        var cmdlet = CmdletMetadata.Find(name);
        Assert.NotEmpty(cmdlet.OutputTypes);
        var views = XDocument.Load(RepositoryPaths.Module("VppPowerShell.format.ps1xml"))
            .Descendants("View")
            .Where(v => v.Element("TableControl") is not null)
            .SelectMany(v => v.Element("ViewSelectedBy")!.Elements("TypeName").Select(t => t.Value.Trim()))
            .ToHashSet();
        foreach (var type in cmdlet.OutputTypes.Where(NeedsView))
        {
            Assert.Contains(type.FullName!, views);
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void State_changes_support_ShouldProcess_and_removals_are_high_impact(string name)
    {
        var cmdlet = CmdletMetadata.Find(name);
        if (!ReadOnlyVerbs.Contains(cmdlet.Verb)) Assert.True(cmdlet.SupportsShouldProcess, $"{name} changes state: it needs SupportsShouldProcess.");
        if (cmdlet.Verb is "Remove" or "Revoke") Assert.Equal(ConfirmImpact.High, cmdlet.ConfirmImpact);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Pipeline_by_property_name_parameters_match_an_output_property(string name)
    {
        var outputProperties = CmdletMetadata.All.SelectMany(c => c.OutputTypes)
            .SelectMany(t => t.GetProperties().Select(p => p.Name))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        outputProperties.Add("StorePath"); // the note property every object written from a store carries (StoreIdentityTests)
        outputProperties.Add("StoreConnectionString"); // its counterpart for a shared store (SharedStorePipelineTests)
        outputProperties.Add("PSPath"); // what Get-ChildItem's files carry: Get-ChildItem *.vpptoken | Add-VppToken
        foreach (var parameter in CmdletMetadata.Find(name).Parameters.Where(p => p.Sets.Any(s => s.ValueFromPipelineByPropertyName)))
        {
            Assert.True(new[] { parameter.Name }.Concat(parameter.Aliases).Any(outputProperties.Contains),
                $"{name} -{parameter.Name} binds by property name, but no output type has a property of that name.");
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Parameters_naming_store_records_complete_from_the_store(string name)
    {
        // What an admin types from memory: token names, asset ids, group names, job ids. A name the
        // command creates (Add-VppToken -Name, New-VppGroup -Name) has nothing to complete.
        string[] completed = { "TokenName", "AdamId", "GroupName", "JobId" };
        var cmdlet = CmdletMetadata.Find(name);
        foreach (var parameter in cmdlet.Parameters)
        {
            var names = new[] { parameter.Name }.Concat(parameter.Aliases).ToList();
            var namesRecord = names.Any(n => completed.Contains(n, StringComparer.OrdinalIgnoreCase))
                || (parameter.Name == "Name" && cmdlet.Noun is "VppToken" or "VppGroup" && cmdlet.Verb is not ("Add" or "New"));
            if (!namesRecord) continue;
            Assert.True(parameter.Property.GetCustomAttributes(typeof(ArgumentCompleterAttribute), true).Length > 0,
                $"{name} -{parameter.Name} names a record of the store, but has no [ArgumentCompleter].");
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Switches_are_SwitchParameter_and_no_parameter_is_a_bare_bool(string name)
    {
        foreach (var parameter in CmdletMetadata.Find(name).Parameters)
        {
            Assert.NotEqual(typeof(bool), parameter.Type);
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Has_help_for_the_cmdlet_and_every_parameter(string name)
    {
        var cmdlet = CmdletMetadata.Find(name);
        var docs = XmlDocumentation.For(CmdletMetadata.ModuleAssembly);
        var member = docs.Member(cmdlet.Type);
        Assert.False(string.IsNullOrWhiteSpace(XmlDocumentation.Text(member, "summary")), $"{name} has no synopsis.");
        Assert.False(string.IsNullOrWhiteSpace(XmlDocumentation.Text(member, "remarks")), $"{name} has no description.");
        Assert.Contains(member!.Elements("example"), e => e.Element("code") is not null);
        foreach (var parameter in cmdlet.Parameters)
        {
            Assert.False(string.IsNullOrWhiteSpace(XmlDocumentation.Text(docs.Member(parameter.Property), "summary")),
                $"{name} -{parameter.Name} has no help text.");
        }
    }

    [Fact]
    public void The_manifest_exports_every_cmdlet_by_name()
    {
        var manifest = System.IO.File.ReadAllText(RepositoryPaths.Module("VppPowerShell.psd1"));
        var block = Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\((?<list>[^)]*)\)", RegexOptions.Singleline);
        Assert.True(block.Success, "The manifest has no CmdletsToExport = @(...) list.");
        var exported = Regex.Matches(block.Groups["list"].Value, "'([^']*)'").Select(m => m.Groups[1].Value).ToList();
        Assert.DoesNotContain(exported, e => e.Contains('*'));
        Assert.Equal(CmdletMetadata.All.Select(c => c.Name).OrderBy(n => n), exported.OrderBy(n => n));
    }

    [Fact]
    public void Output_types_are_sealed_with_get_only_properties()
    {
        foreach (var type in CmdletMetadata.All.SelectMany(c => c.OutputTypes).Where(NeedsView).Distinct())
        {
            Assert.True(type.IsSealed, $"{type.Name} is not sealed.");
            Assert.All(type.GetProperties(), p => Assert.True(p.SetMethod is null || !p.SetMethod.IsPublic, $"{type.Name}.{p.Name} has a public setter."));
        }
    }

    private static bool NeedsView(Type type) => !type.IsPrimitive && type != typeof(string) && type != typeof(void);

    private static HashSet<string> ApprovedVerbs() =>
        new[] { typeof(VerbsCommon), typeof(VerbsCommunications), typeof(VerbsData), typeof(VerbsDiagnostic), typeof(VerbsLifecycle), typeof(VerbsOther), typeof(VerbsSecurity) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet();
}
