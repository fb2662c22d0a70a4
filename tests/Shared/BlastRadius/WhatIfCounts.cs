using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>
/// What -WhatIf said a command would change at Apple, read from its What-if lines in the contract's
/// form: "Associate: N license(s)" (licenses gained), "Disassociate: N license(s)" and
/// "Revoke: N license(s)" (licenses lost).
/// </summary>
public sealed record WhatIfCounts(int Gained, int Lost)
{
    private static readonly Regex Count = new(@"\b(?<action>Associate|Disassociate|Revoke): (?<count>\d+) license\(s\)", RegexOptions.CultureInvariant);

    public static WhatIfCounts From(IEnumerable<string> actions)
    {
        var matches = actions.SelectMany(a => Count.Matches(a)).ToList();
        int Sum(params string[] names) => matches.Where(m => names.Contains(m.Groups["action"].Value)).Sum(m => int.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture));
        return new WhatIfCounts(Sum("Associate"), Sum("Disassociate", "Revoke"));
    }
}
