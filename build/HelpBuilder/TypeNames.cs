using System;
using System.Linq;

namespace VppPowerShell.Build.Help;

/// <summary>Type names as help shows them: short (String, Int32[]) and full (System.String).</summary>
internal static class TypeNames
{
    public static string Short(Type type) => Name(type, full: false);

    public static string Full(Type type) => Name(type, full: true);

    private static string Name(Type type, bool full)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying) return Name(underlying, full);
        if (type.IsArray) return Name(type.GetElementType()!, full) + "[]";
        if (!type.IsGenericType) return full ? (type.FullName ?? type.Name).Replace('+', '.') : type.Name;

        var name = full ? type.GetGenericTypeDefinition().FullName ?? type.Name : type.Name;
        var tick = name.IndexOf('`');
        if (tick >= 0) name = name.Substring(0, tick);
        return name + "[" + string.Join(", ", type.GetGenericArguments().Select(a => Name(a, full))) + "]";
    }
}
