using System.Collections.Generic;

namespace VppPowerShell.Core.Apple.Wire;

// Apple's v2 JSON (API §3–§6). Ids, dates and Apple's open-ended enums stay strings: Apple
// adds values, and unknown members are ignored by the serializer.

/// <summary>Members every v2 response may carry, success or error (API §3).</summary>
internal class Envelope
{
    public int? ErrorNumber { get; set; }

    public string? ErrorMessage { get; set; }

    public ResponseErrorInfo? ErrorInfo { get; set; }

    public string? UId { get; set; }

    public string? TokenExpirationDate { get; set; }

    public MdmInfo? MdmInfo { get; set; }
}

internal sealed class MdmInfo
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Metadata { get; set; }
}

internal sealed class ResponseErrorInfo
{
    public List<AssetKey>? Assets { get; set; }

    public List<string>? ClientUserIds { get; set; }

    public List<string>? SerialNumbers { get; set; }
}

/// <summary>An asset in requests and error info: (adamId, pricingParam).</summary>
internal sealed class AssetKey
{
    public string AdamId { get; set; } = string.Empty;

    public string? PricingParam { get; set; }
}

/// <summary>The paging members of Get Assets, Get Assignments and Get Users (API §7).</summary>
internal abstract class Page : Envelope
{
    public int CurrentPageIndex { get; set; }

    public int? NextPageIndex { get; set; }

    public int Size { get; set; }

    public int TotalPages { get; set; }

    public string? VersionId { get; set; }

    public abstract int Count { get; }
}
