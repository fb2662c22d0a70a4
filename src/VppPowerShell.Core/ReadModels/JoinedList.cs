using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace VppPowerShell.Core.ReadModels;

/// <summary>
/// A read-only list whose text is its items joined, so Export-Csv and string conversion show
/// "iOS, macOS" rather than a type name.
/// </summary>
public sealed class JoinedList<T> : ReadOnlyCollection<T>
{
    private readonly string separator;

    public JoinedList(IList<T> items, string separator = ", ")
        : base(items)
    {
        this.separator = separator;
    }

    public override string ToString() => string.Join(separator, this);
}
