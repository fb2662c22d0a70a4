using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace VppPowerShell.Tests.Shared;

/// <summary>Builds .vpptoken files the way Apple writes them (API §2.1), with a known secret.</summary>
public sealed class TestTokenFile
{
    public TestTokenFile(string? secret = null, DateTimeOffset? expiresOn = null, string organization = "Contoso Schools")
    {
        Secret = secret ?? "S3CRET-" + Guid.NewGuid().ToString("N");
        ExpiresOn = expiresOn ?? DateTimeOffset.UtcNow.AddDays(365);
        Organization = organization;
    }

    public string Secret { get; }

    public DateTimeOffset ExpiresOn { get; }

    public string Organization { get; }

    /// <summary>Apple's date form: no colon in the offset.</summary>
    public string ExpiryText => ExpiresOn.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+0000'", CultureInfo.InvariantCulture);

    public string Json => $"{{\"token\":\"{Secret}\",\"expDate\":\"{ExpiryText}\",\"orgName\":\"{Organization}\"}}";

    /// <summary>The file's content: one base64 line.</summary>
    public string Content => Base64(Json);

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public string WriteTo(string folder, string? fileName = null)
    {
        var path = Path.Combine(folder, fileName ?? $"sToken_for_{Guid.NewGuid():N}.vpptoken");
        File.WriteAllText(path, Content);
        return path;
    }
}
