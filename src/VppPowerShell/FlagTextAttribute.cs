using System;
using System.Globalization;
using System.Management.Automation;

namespace VppPowerShell;

/// <summary>
/// Reads a yes/no fact the way CSV files and MDM exports write it: True, False, Yes, No, 1, 0 (any
/// case). An empty cell means "not given" (null). Anything else is refused, naming the value, so a
/// typo never becomes a stored fact.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class FlagTextAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        switch (value)
        {
            case null:
                return null;
            case bool flag:
                return flag;
            case SwitchParameter given:
                return given.IsPresent;
            case int or long or short or byte:
                var number = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                if (number is 0 or 1) return number == 1;
                break;
            case string text:
                switch (text.Trim().ToLowerInvariant())
                {
                    case "": return null;
                    case "true" or "yes" or "1" or "$true": return true;
                    case "false" or "no" or "0" or "$false": return false;
                }

                break;
        }

        throw new ArgumentTransformationMetadataException(
            $"'{value}' is not a yes/no value. Use True or False (Yes/No and 1/0 are read too); leave the cell empty when it is not known.");
    }
}
