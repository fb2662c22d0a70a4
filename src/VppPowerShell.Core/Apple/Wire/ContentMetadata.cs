using System.Collections.Generic;

namespace VppPowerShell.Core.Apple.Wire;

/// <summary>The content metadata lookup (API §16): adamId → product details for one country store.</summary>
internal sealed class ContentLookupResponse
{
    public Dictionary<string, ContentItem>? Results { get; set; }
}

internal sealed class ContentItem
{
    public string? Name { get; set; }

    public string? BundleId { get; set; }

    public string? Kind { get; set; }
}
