using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using System.Text;
using Npgsql;

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

        if (command is NpgsqlCommand)
        {
            // One array parameter: PostgreSQL plans "= ANY" as an index lookup, where a long IN list
            // on a table without statistics yet (a first sync) turns into a scan per statement.
            var array = command.AddParameter("@p" + command.Parameters.Count, values.ToArray());
            sql.Append($" AND {column} = ANY({array.ParameterName})");
            return true;
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
