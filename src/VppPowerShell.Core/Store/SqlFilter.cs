using System.Collections.Generic;
using System.Text;
using System.Data.Common;

namespace VppPowerShell.Core.Store;

/// <summary>Filters for the read queries: a null list filters nothing, an empty list matches nothing.</summary>
internal static class SqlFilter
{
    /// <summary>
    /// Appends <c>AND column IN (...)</c> for <paramref name="values"/>. An empty list (a filter that
    /// resolved to nothing, such as an unknown token name) matches no row: it never widens to all.
    /// Returns true when rows are filtered by at least one value.
    /// </summary>
    public static bool In<T>(DbCommand command, StringBuilder sql, string column, IReadOnlyCollection<T>? values)
    {
        if (values is null) return false;
        if (values.Count == 0)
        {
            sql.Append(" AND 1 = 0");
            return false;
        }

        var names = new List<string>();
        foreach (var value in values)
        {
            var name = "@p" + command.Parameters.Count;
            command.AddParameter(name, value!);
            names.Add(name);
        }

        sql.Append($" AND {column} IN ({string.Join(", ", names)})");
        return true;
    }
}
