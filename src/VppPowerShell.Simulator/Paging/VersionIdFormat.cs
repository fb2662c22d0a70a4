using System.Globalization;

namespace VppPowerShell.Simulator.Paging;

/// <summary>
/// A location's v2 <c>versionId</c>s: UUID-shaped, opaque to clients, naming the version, the data
/// set and the location, so another set's or another location's id is recognised as invalid (9721).
/// </summary>
internal sealed class VersionIdFormat
{
    private readonly string _locationTag;

    public VersionIdFormat(ulong locationNumber) =>
        _locationTag = (locationNumber & 0xFFFFFFFFFFFFUL).ToString("x12", CultureInfo.InvariantCulture);

    public string Format(DataSetVersion set) => Format(set.SetNumber, set.Current);

    private string Format(int set, long version) =>
        version.ToString("x8", CultureInfo.InvariantCulture) + "-" + set.ToString("x4", CultureInfo.InvariantCulture) + "-11f0-9e2b-" + _locationTag;

    /// <summary>Reads an id of <paramref name="set"/>, from 1 up to its current version.</summary>
    public bool TryParse(string text, DataSetVersion set, out long version)
    {
        version = 0;
        string[] parts = text.Split('-');
        if (parts.Length != 5 || parts[1] != set.SetNumber.ToString("x4", CultureInfo.InvariantCulture) || parts[2] != "11f0" || parts[3] != "9e2b" || parts[4] != _locationTag)
            return false;
        if (parts[0].Length == 0 || parts[0].Length > 15 || !long.TryParse(parts[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out version))
            return false;
        return version >= 1 && version <= set.Current;
    }
}
