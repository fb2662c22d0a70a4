namespace VppPowerShell.Core.Imports;

/// <summary>Why one row of an import file was not used; the row number points into the file.</summary>
public sealed class ImportRowError
{
    public ImportRowError(int rowNumber, string errorId, string reason, string? adamId = null, string? target = null)
    {
        RowNumber = rowNumber;
        ErrorId = errorId;
        Reason = reason;
        AdamId = adamId;
        Target = target;
    }

    public int RowNumber { get; }

    public string ErrorId { get; }

    public string Reason { get; }

    public string? AdamId { get; }

    /// <summary>The serial number or client user id of the row, when it has one.</summary>
    public string? Target { get; }

    public override string ToString() => $"Row {RowNumber}: {Reason}";
}
