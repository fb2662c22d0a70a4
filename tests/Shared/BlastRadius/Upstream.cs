namespace VppPowerShell.Tests.BlastRadius;

/// <summary>Where a pipeline's input comes from: a read cmdlet of the module, or objects from elsewhere.</summary>
public enum UpstreamKind
{
    GetToken,
    GetAsset,
    GetAssignment,
    GetUser,
    GetDevice,
    GetGroup,
    GetJob,

    /// <summary>Objects shaped like Microsoft Graph's managedDevice: id, deviceName, serialNumber, userPrincipalName, operatingSystem.</summary>
    GraphDevices,

    /// <summary>Objects shaped like Microsoft Graph's user: id, userPrincipalName, mail.</summary>
    GraphUsers,

    /// <summary>Plain strings: serial numbers and client user ids.</summary>
    Strings,
}

/// <summary>What happens to the objects between the reader and the state-changing command.</summary>
public enum UpstreamShape
{
    AsIs,

    /// <summary>Select-Object -First 1.</summary>
    First,

    /// <summary>A Select-Object projection: some properties, or a calculated one.</summary>
    Projection,

    /// <summary>Export-Csv, edited, Import-Csv.</summary>
    Csv,

    /// <summary>ConvertTo-Json | ConvertFrom-Json.</summary>
    Json,

    /// <summary>Export-Clixml, Import-Clixml: objects come back as 'Deserialized.' types.</summary>
    Clixml,
}

/// <summary>
/// The reading end of a pipeline. <see cref="Source"/> reads (a cmdlet with its filters, or
/// literal objects); <see cref="Preparation"/>, when a round trip needs one, writes the export
/// before the pipeline runs; <see cref="Live"/> is the text the state-changing command is piped from.
/// </summary>
public sealed record Upstream(UpstreamKind Kind, StoreName Store, string Source)
{
    public UpstreamShape Shape { get; init; }

    /// <summary>The Select-Object of a <see cref="UpstreamShape.Projection"/>.</summary>
    public string? Projection { get; init; }

    /// <summary>The edits of a <see cref="UpstreamShape.Csv"/> round trip.</summary>
    public CsvEdits? Edits { get; init; }

    public string? Preparation => Shape switch
    {
        UpstreamShape.Csv => Source + " | Export-Csv -Path $csv",
        UpstreamShape.Clixml => Source + " | Export-Clixml -Path $xml",
        _ => null,
    };

    public string Live => Shape switch
    {
        UpstreamShape.First => Source + " | Select-Object -First 1",
        UpstreamShape.Projection => Source + " | " + Projection,
        UpstreamShape.Json => Source + " | ConvertTo-Json -Depth 4 | ConvertFrom-Json",
        UpstreamShape.Csv => "Import-Csv -Path $csv",
        UpstreamShape.Clixml => "Import-Clixml -Path $xml",
        _ => Source,
    };

    /// <summary>All of it, as one line an admin could type (the CSV edits in angle brackets).</summary>
    public string Text => Shape switch
    {
        UpstreamShape.Csv => $"{Preparation}; <edit $csv: {Edits}>; {Live}",
        UpstreamShape.Clixml => $"{Preparation}; {Live}",
        _ => Live,
    };
}
