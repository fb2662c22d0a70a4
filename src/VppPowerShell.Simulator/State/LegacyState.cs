using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text.Json;

namespace VppPowerShell.Simulator.State;

/// <summary>One issued legacy sToken (the whole .vpptoken file content, sent as <c>sToken</c> in v1 bodies).</summary>
internal sealed class LegacyToken
{
    private long _expiresTicks;
    private volatile bool _revoked;

    public LegacyToken(SimulatedLegacyAccount account, string organizationName, DateTimeOffset expiresOn)
    {
        Account = account;
        _expiresTicks = Truncate(expiresOn).UtcTicks;
        byte[] secret = new byte[24];
        using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(secret);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Wire.Encoder }))
        {
            json.WriteStartObject();
            json.WriteString("token", Convert.ToBase64String(secret));
            json.WriteString("expDate", Wire.FormatDate(ExpiresOn));
            json.WriteString("orgName", organizationName);
            json.WriteEndObject();
        }
        Content = Convert.ToBase64String(buffer.ToArray());
    }

    public SimulatedLegacyAccount Account { get; }

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

internal enum LicenseStatus : byte
{
    Available,
    Associated,
    Refunded,
    /// <summary>Moved to a location: no longer listed by the legacy account.</summary>
    Moved,
}

/// <summary>One license seat. Its id is the account's license id base plus its index.</summary>
internal struct LicenseRow
{
    public int Asset;
    public LicenseStatus Status;
    /// <summary>User record index, or -1.</summary>
    public int User;
    /// <summary>Serial number id, or -1.</summary>
    public int Serial;
    /// <summary>The account version of the last change (for sinceModifiedToken).</summary>
    public long Modified;
}

internal sealed class LegacyAssetState
{
    public LegacyAssetState(int index, string adamId, string pricingParam, int productTypeId, bool irrevocable, bool deviceAssignable)
    {
        Index = index;
        AdamId = adamId;
        PricingParam = pricingParam;
        ProductTypeId = productTypeId;
        IsIrrevocable = irrevocable;
        DeviceAssignable = deviceAssignable;
    }

    public int Index { get; }
    public string AdamId { get; }
    public string PricingParam { get; }
    public int ProductTypeId { get; }
    public bool IsIrrevocable { get; }
    public bool DeviceAssignable { get; }

    /// <summary>Licenses neither refunded nor moved.</summary>
    public int Total;
    public int Assigned;
    /// <summary>Part of <see cref="Assigned"/> held by retired user records.</summary>
    public int Retired;
    /// <summary>Available license indexes; the lowest id is on top.</summary>
    public readonly Stack<int> Free = new Stack<int>();

    public int Available => Total - Assigned;

    public string ProductTypeName => LegacyProductTypes.Name(ProductTypeId);

    /// <summary>The v2 product type this pool becomes after a move (API §14.2).</summary>
    public string V2ProductType => ProductTypeId == LegacyProductTypes.Book ? "Book" : "App";

    public SimLegacyAsset ToSnapshot() =>
        new SimLegacyAsset(AdamId, PricingParam, ProductTypeId, ProductTypeName, IsIrrevocable, DeviceAssignable, Total, Assigned, Available, Retired);
}

internal sealed class LegacyUserRecord
{
    public string ClientUserId = string.Empty;
    public UserStatus Status;
    public string? Email;
    public string? ManagedAppleId;
    public string? ItsIdHash;
    public bool HadAppleAccount;
    public long Modified;

    public bool IsActive => Status == UserStatus.Registered || Status == UserStatus.Associated;
}

/// <summary>Apple's v1 product types (API §13.3).</summary>
internal static class LegacyProductTypes
{
    public const int MacSoftware = 7;
    public const int Application = 8;
    public const int Book = 10;

    public static string Name(int id) => id switch
    {
        MacSoftware => "Software",
        Application => "Application",
        Book => "Publication",
        _ => "Product " + id.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string[] Platforms(int id) => id switch
    {
        MacSoftware => new[] { "macOS" },
        Book => new[] { "iOS", "macOS" },
        _ => new[] { "iOS" },
    };
}
