using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ParameterMetadata = VppPowerShell.Tests.Harness.ParameterMetadata;
using System.Reflection;
using System.Security;
using VppPowerShell.Core;
using VppPowerShell.Core.Store;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Licensing;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Binding;

/// <summary>
/// A control character such as NUL in any text, typed or piped from a CSV file, is refused by
/// every cmdlet the same way, naming the parameter, before any store is written or Apple is called.
/// </summary>
public sealed class ControlCharacterTests
{
    private const string WithNul = "SN\0042";

    [Theory, SqliteStore, PostgresStore]
    public void Every_text_parameter_of_every_cmdlet_refuses_a_NUL_with_the_same_id(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var cmdlet in CmdletMetadata.All)
        {
            foreach (var parameter in cmdlet.Parameters.Where(IsText))
            {
                checkedCount++;
                var outcome = Refusal(cmdlet, parameter, fixture);
                if (outcome is not null) failures.Add($"{cmdlet.Name} -{parameter.Name}: {outcome}");
            }
        }

        Assert.True(checkedCount > 40, $"Only {checkedCount} text parameters were found.");
        Assert.Empty(failures);
        Assert.Equal(0, fixture.Location.AssignmentCount);
    }

    [Theory, SqliteStore, PostgresStore]
    public void A_piped_CSV_cell_with_a_NUL_skips_its_row_only_and_sends_nothing_for_it(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);

        var result = fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App),
            LicensingFixture.CsvRows("SerialNumber", new[] { "SN00000001", WithNul }));

        var error = Assert.Single(result.AllErrors);
        Assert.Equal(VppErrorIds.TextHasControlCharacter, error.ErrorId);
        Assert.Equal("SerialNumber", error.Target);
        Assert.Contains("-SerialNumber", error.Message);
        Assert.Contains("U+0000", error.Message);
        Assert.Equal(1, fixture.Location.AssignmentCount);
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: "SN00000001"));
    }

    /// <summary>Text parameters whose values are not limited to a set PowerShell itself checks first.</summary>
    private static bool IsText(ParameterMetadata parameter) =>
        (parameter.Type == typeof(string) || parameter.Type == typeof(string[]) || parameter.Type == typeof(VppTokenIdentity) || parameter.Type == typeof(VppTokenIdentity[]))
        && parameter.Property.GetCustomAttribute<ValidateSetAttribute>() is null;

    /// <summary>Null when the cmdlet refused the NUL as expected; otherwise what happened instead.</summary>
    private static string? Refusal(CmdletMetadata cmdlet, ParameterMetadata parameter, LicensingFixture fixture)
    {
        var set = parameter.Sets.Select(s => s.SetName).FirstOrDefault(s => s != CmdletMetadata.AllSets)
            ?? (cmdlet.DefaultParameterSetName is { } preferred && cmdlet.ParameterSetNames.Contains(preferred) ? preferred : cmdlet.ParameterSetNames[0]);
        var given = new Parameters();
        foreach (var other in cmdlet.Parameters.Where(p => p != parameter && p.ForSet(set)?.Mandatory == true))
        {
            given.With(other.Name, ValueFor(other));
        }

        var store = cmdlet.Parameter(fixture.StoreParameter);
        if (store is not null && store != parameter && store.InSet(set) && !parameter.Name.StartsWith("Store", StringComparison.Ordinal))
        {
            given.With(fixture.StoreParameter, fixture.StoreAddress);
        }

        var text = NulFitting(parameter);
        given.With(parameter.Name, parameter.Type.IsArray ? new[] { text } : text);
        CmdletResult result;
        try
        {
            result = CmdletRunner.Invoke(cmdlet.Name, given);
        }
        catch (ParameterBindingFailedException e)
        {
            return "PowerShell could not bind: " + e.Message;
        }

        var error = result.TerminatingError;
        if (error is null) return "no terminating error; " + string.Join("; ", result.AllErrors);
        if (error.ErrorId != VppErrorIds.TextHasControlCharacter) return error.ToString();
        if (!Equals(error.Target, parameter.Name) || !error.Message.Contains("-" + parameter.Name, StringComparison.Ordinal)) return "the error does not name the parameter: " + error;
        return result.Output.Count == 0 ? null : "it wrote output";
    }

    /// <summary>A text with a NUL, of a length PowerShell's own ValidateLength lets through.</summary>
    private static string NulFitting(ParameterMetadata parameter) =>
        parameter.Property.GetCustomAttribute<ValidateLengthAttribute>() is { } length && length.MaxLength < WithNul.Length
            ? "A\0" + new string('A', Math.Max(length.MinLength, 2) - 2)
            : WithNul;

    private static object ValueFor(ParameterMetadata parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.Type) ?? parameter.Type;
        if (parameter.Property.GetCustomAttribute<ValidateSetAttribute>() is { } allowed) return allowed.ValidValues[0];
        if (type == typeof(SwitchParameter)) return true;
        if (type == typeof(SecureString)) return Secure("secret-value-1234567890");
        if (type == typeof(int)) return 1;
        if (type == typeof(int[])) return new[] { 1 };
        if (type == typeof(string[])) return new[] { "Value1" };
        if (type.IsEnum) return Enum.GetValues(type).GetValue(0)!;
        return "Value1";
    }

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        return secure;
    }
}
