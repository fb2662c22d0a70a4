using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VppPowerShell.Simulator.State;

/// <summary>
/// Identifiers Apple derives for user records (inviteCode, idHash), stable per record index and
/// per location or account (the seed), so that seeded users need not store them.
/// </summary>
internal sealed class UserIdentifiers
{
    private readonly ulong _seed;
    private readonly string _uId;

    public UserIdentifiers(ulong seed, string uId)
    {
        _seed = seed;
        _uId = uId;
    }

    /// <summary>SplitMix64's finaliser.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>32 hex characters, stable per user record.</summary>
    public string InviteCode(int recordIndex)
    {
        ulong a = Mix(_seed ^ (ulong)recordIndex);
        ulong b = Mix(a ^ 0x5DEECE66DUL);
        return a.ToString("x16", CultureInfo.InvariantCulture) + b.ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <summary>The stored idHash, else one derived from the record index (20 bytes, base64).</summary>
    public string IdHash(UserRecord record, int recordIndex)
    {
        if (record.IdHash != null) return record.IdHash;
        byte[] bytes = new byte[20];
        ulong a = Mix(_seed ^ ((ulong)recordIndex << 1) ^ 0xA5A5UL);
        ulong b = Mix(a);
        ulong c = Mix(b);
        BitConverter.GetBytes(a).CopyTo(bytes, 0);
        BitConverter.GetBytes(b).CopyTo(bytes, 8);
        Array.Copy(BitConverter.GetBytes(c), 0, bytes, 16, 4);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>The idHash a record shows, or null while it has none to show.</summary>
    public string? ShownIdHash(UserRecord record, int recordIndex) => record.HasIdHash ? IdHash(record, recordIndex) : null;

    /// <summary>The active Registered record whose inviteCode this is (the invitation page).</summary>
    public bool TryFindInvitation<TKey>(IReadOnlyList<UserRecord> records, Dictionary<TKey, int>.ValueCollection activeIndexes, string inviteCode, out int recordIndex)
        where TKey : notnull
    {
        foreach (int active in activeIndexes)
        {
            if (records[active].Status != UserStatus.Registered || InviteCode(active) != inviteCode) continue;
            recordIndex = active;
            return true;
        }
        recordIndex = -1;
        return false;
    }

    /// <summary>The idHash of an accepted invitation: of the Apple Account given, else of one made up for the record.</summary>
    public string AcceptedIdHash(int recordIndex, string? appleAccount) =>
        HashAppleAccount(appleAccount ?? ("account-" + recordIndex.ToString(CultureInfo.InvariantCulture) + "@" + _uId));

    public static string HashAppleAccount(string account)
    {
        using var sha = SHA1.Create();
        return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(account.Trim().ToLowerInvariant())));
    }
}
