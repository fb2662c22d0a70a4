using System;
using System.IO;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading;
using VppPowerShell.Simulator.Model;

namespace VppPowerShell.Simulator.State;

/// <summary>
/// One issued .vpptoken: its file content (the bearer string of v2, the <c>sToken</c> of v1),
/// expiry and revocation. Api's <c>SimToken</c> and <c>LegacyToken</c> add what it authorises.
/// </summary>
internal abstract class IssuedToken
{
    private long _expiresTicks;
    private volatile bool _revoked;

    protected IssuedToken(string organizationName, DateTimeOffset expiresOn)
    {
        expiresOn = Truncate(expiresOn);
        _expiresTicks = expiresOn.UtcTicks;
        byte[] secret = new byte[24];
        using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(secret);

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Wire.Encoder }))
        {
            json.WriteStartObject();
            json.WriteString("token", Convert.ToBase64String(secret));
            json.WriteString("expDate", Wire.FormatDate(expiresOn));
            json.WriteString("orgName", organizationName);
            json.WriteEndObject();
        }
        Content = Convert.ToBase64String(buffer.ToArray());
    }

    /// <summary>The .vpptoken file content: one base64 line of {"token","expDate","orgName"}, no newline.</summary>
    public string Content { get; }

    public DateTimeOffset ExpiresOn
    {
        get => new DateTimeOffset(Interlocked.Read(ref _expiresTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _expiresTicks, Truncate(value).UtcTicks);
    }

    public bool Revoked
    {
        get => _revoked;
        set => _revoked = value;
    }

    public bool IsExpired => ExpiresOn <= DateTimeOffset.UtcNow;

    /// <summary>The file carries whole seconds, so the token expires on the second it shows.</summary>
    private static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }
}
