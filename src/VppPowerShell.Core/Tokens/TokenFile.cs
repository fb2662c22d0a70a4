using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace VppPowerShell.Core.Tokens;

/// <summary>
/// A parsed <c>.vpptoken</c> file: one base64 line whose JSON has <c>token</c>, <c>expDate</c>
/// and <c>orgName</c> (API §2.1). <see cref="Content"/> is the whole file content, which is
/// what Apple takes as the bearer credential; it and <c>token</c> are secrets.
/// </summary>
internal sealed class TokenFile
{
    private static readonly string[] ExpiryFormats =
    {
        "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.fffzzz", "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    };

    private TokenFile(string content, string secret, DateTimeOffset expiresOn, string organizationName)
    {
        Content = content;
        Secret = secret;
        ExpiresOn = expiresOn;
        OrganizationName = organizationName;
    }

    /// <summary>The whole file content (base64): the bearer credential. Secret.</summary>
    public string Content { get; }

    /// <summary>The <c>token</c> member. Secret.</summary>
    public string Secret { get; }

    public DateTimeOffset ExpiresOn { get; }

    public string OrganizationName { get; }

    /// <summary>A one-way fingerprint of the secret, used to find the same token added twice.</summary>
    public string Fingerprint
    {
        get
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(Secret));
            var hex = new StringBuilder(hash.Length * 2);
            foreach (var b in hash) hex.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return hex.ToString();
        }
    }

    public override string ToString() => $"Token file for '{OrganizationName}', expires {ExpiresOn:u}";

    /// <summary>Parses file content; <paramref name="source"/> names the input in errors (a path, or "-Token").</summary>
    public static TokenFile Parse(string? content, string source)
    {
        var line = (content ?? string.Empty).Trim();
        if (line.Length == 0)
        {
            throw Invalid(VppErrorIds.TokenFileEmpty, source, $"The token file {source} is empty.");
        }

        byte[] json;
        try
        {
            json = Convert.FromBase64String(line);
        }
        catch (FormatException)
        {
            throw Invalid(VppErrorIds.TokenFileNotBase64, source,
                $"The token file {source} is not a content token: its content is not base64.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw Invalid(VppErrorIds.TokenFileNotJson, source,
                $"The token file {source} is not a content token: it decodes from base64, but not to JSON.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(VppErrorIds.TokenFileNotJson, source,
                    $"The token file {source} is not a content token: its JSON is not an object.");
            }

            var secret = RequiredString(document.RootElement, "token", source);
            var expiry = RequiredString(document.RootElement, "expDate", source);
            var organization = RequiredString(document.RootElement, "orgName", source);
            if (!TryParseExpiry(expiry, out var expiresOn))
            {
                throw Invalid(VppErrorIds.TokenFileInvalidExpiry, source,
                    $"The token file {source} has an expDate that is not a date: '{expiry}'.");
            }

            return new TokenFile(line, secret, expiresOn, organization);
        }
    }

    internal static bool TryParseExpiry(string text, out DateTimeOffset value)
    {
        var styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces;
        if (DateTimeOffset.TryParseExact(text, ExpiryFormats, CultureInfo.InvariantCulture, styles, out value)
            || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out value))
        {
            value = value.ToUniversalTime();
            return true;
        }

        // Apple writes offsets without a colon ("+0000"), which the general parser rejects.
        if (text.Length > 5 && (text[text.Length - 5] == '+' || text[text.Length - 5] == '-'))
        {
            var withColon = text.Substring(0, text.Length - 2) + ":" + text.Substring(text.Length - 2);
            if (DateTimeOffset.TryParse(withColon, CultureInfo.InvariantCulture, styles, out value))
            {
                value = value.ToUniversalTime();
                return true;
            }
        }

        return false;
    }

    private static string RequiredString(JsonElement root, string name, string source)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(element.GetString()))
        {
            throw new VppException(VppErrorIds.TokenFileMissingField, VppErrorCategory.InvalidData,
                $"The token file {source} has no '{name}' value.",
                target: name, recommendedAction: "Download the token again from Apple Business Manager or Apple School Manager.");
        }

        return element.GetString()!;
    }

    private static VppException Invalid(string errorId, string source, string message) =>
        new(errorId, VppErrorCategory.InvalidData,
            message + " Download the content token again from Apple Business Manager or Apple School Manager (Preferences > Payments and Billing) and pass the .vpptoken file unchanged.",
            target: source);
}
