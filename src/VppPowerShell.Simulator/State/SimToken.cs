using System;
using System.IO;
using System.Security.Cryptography;
using System.Text.Json;

namespace VppPowerShell.Simulator.State;

/// <summary>One issued content token (the bearer string is the whole .vpptoken file content).</summary>
internal sealed class SimToken
{
    private long _expiresTicks;
    private volatile bool _revoked;

    public SimToken(SimulatedLocation location, string organizationName, DateTimeOffset expiresOn)
    {
        Location = location;
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

    public SimulatedLocation Location { get; }

    /// <summary>The .vpptoken file content: one base64 line, no newline.</summary>
    public string Content { get; }

    public DateTimeOffset ExpiresOn
    {
        get => new DateTimeOffset(System.Threading.Interlocked.Read(ref _expiresTicks), TimeSpan.Zero);
        set => System.Threading.Interlocked.Exchange(ref _expiresTicks, Truncate(value).UtcTicks);
    }

    public bool Revoked
    {
        get => _revoked;
        set => _revoked = value;
    }

    public bool IsExpired => ExpiresOn <= DateTimeOffset.UtcNow;

    private static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }
}
