using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace VppPowerShell.Simulator.Paging;

/// <summary>
/// The simulator's v1 <c>batchToken</c> (API §7.4): opaque to clients, and, like Apple's, it grows
/// with the result (kilobytes for big ones). It carries the whole traversal: who asked, what was
/// asked (a batchToken overrides the filters of the body), the account version the traversal
/// started at (the next <c>sinceModifiedToken</c>), the batch it asks for, and the row boundaries of
/// every batch as fixed at the first call. A batch lists the rows of its boundaries that match now,
/// so batches never overlap or skip when data changes mid-traversal, and resending a token returns
/// the same batch.
/// </summary>
internal sealed class LegacyBatchToken
{
    public const byte Licenses = 1;
    public const byte Users = 2;

    private const byte BatchMagic = 0xB7;
    private const byte SinceMagic = 0x5C;

    public LegacyBatchToken(string uId, byte kind, long startVersion, long since, string filter, int index, int[] bounds)
    {
        UId = uId;
        Kind = kind;
        StartVersion = startVersion;
        Since = since;
        Filter = filter;
        Index = index;
        Bounds = bounds;
    }

    public string UId { get; }
    public byte Kind { get; }

    /// <summary>Account version when the traversal started.</summary>
    public long StartVersion { get; }

    /// <summary>The delta's base version, or -1 for a full listing.</summary>
    public long Since { get; }

    public string Filter { get; }

    /// <summary>1-based batch this token asks for (<c>overrideIndex</c> replaces it).</summary>
    public int Index { get; }

    /// <summary>Row index boundaries: batch k covers rows [Bounds[k-1], Bounds[k]).</summary>
    public int[] Bounds { get; }

    public int TotalBatches => Bounds.Length - 1;

    public LegacyBatchToken ForIndex(int index) => new LegacyBatchToken(UId, Kind, StartVersion, Since, Filter, index, Bounds);

    public string Encode()
    {
        using var buffer = new MemoryStream();
        buffer.WriteByte(BatchMagic);
        buffer.WriteByte(Kind);
        WriteString(buffer, UId);
        WriteVarLong(buffer, StartVersion);
        WriteVarLong(buffer, Since + 1);
        WriteString(buffer, Filter);
        WriteVarLong(buffer, Index);
        WriteVarLong(buffer, Bounds.Length);
        int previous = 0;
        foreach (int bound in Bounds)
        {
            WriteVarLong(buffer, bound - previous);
            previous = bound;
        }
        return Seal(buffer);
    }

    public static bool TryDecode(string text, out LegacyBatchToken token)
    {
        token = null!;
        if (!TryOpen(text, BatchMagic, out var reader)) return false;
        try
        {
            byte kind = (byte)reader.ReadByte();
            string uId = ReadString(reader);
            long start = ReadVarLong(reader);
            long since = ReadVarLong(reader) - 1;
            string filter = ReadString(reader);
            int index = checked((int)ReadVarLong(reader));
            int count = checked((int)ReadVarLong(reader));
            if (count < 2 || count > 50_000_000) return false;
            var bounds = new int[count];
            int previous = 0;
            for (int i = 0; i < count; i++)
            {
                previous = checked(previous + (int)ReadVarLong(reader));
                bounds[i] = previous;
            }
            if (reader.Position != reader.Length) return false;
            token = new LegacyBatchToken(uId, kind, start, since, filter, index, bounds);
            return true;
        }
        catch (Exception e) when (e is EndOfStreamException || e is OverflowException || e is ArgumentException)
        {
            return false;
        }
    }

    /// <summary>A <c>sinceModifiedToken</c>: the account and data set, and the version it marks.</summary>
    public static string EncodeSince(string uId, byte kind, long version)
    {
        using var buffer = new MemoryStream();
        buffer.WriteByte(SinceMagic);
        buffer.WriteByte(kind);
        WriteString(buffer, uId);
        WriteVarLong(buffer, version);
        return Seal(buffer);
    }

    public static bool TryDecodeSince(string text, out string uId, out byte kind, out long version)
    {
        uId = string.Empty;
        kind = 0;
        version = 0;
        if (!TryOpen(text, SinceMagic, out var reader)) return false;
        try
        {
            kind = (byte)reader.ReadByte();
            uId = ReadString(reader);
            version = ReadVarLong(reader);
            return reader.Position == reader.Length;
        }
        catch (Exception e) when (e is EndOfStreamException || e is OverflowException || e is ArgumentException)
        {
            return false;
        }
    }

    // ---- encoding ------------------------------------------------------------------------

    private static string Seal(MemoryStream buffer)
    {
        uint check = Fnv(buffer.GetBuffer(), (int)buffer.Length);
        buffer.Write(BitConverter.GetBytes(check), 0, 4);
        return Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static bool TryOpen(string text, byte magic, out MemoryStream reader)
    {
        reader = null!;
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return false;
        }
        if (bytes.Length < 6 || bytes[0] != magic) return false;
        uint check = BitConverter.ToUInt32(bytes, bytes.Length - 4);
        if (check != Fnv(bytes, bytes.Length - 4)) return false;
        reader = new MemoryStream(bytes, 1, bytes.Length - 5, writable: false);
        return true;
    }

    private static uint Fnv(byte[] data, int length)
    {
        uint hash = 2166136261;
        for (int i = 0; i < length; i++)
        {
            hash ^= data[i];
            hash *= 16777619;
        }
        return hash;
    }

    private static void WriteVarLong(Stream s, long value)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(nameof(value));
        ulong v = (ulong)value;
        while (v >= 0x80)
        {
            s.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }
        s.WriteByte((byte)v);
    }

    private static long ReadVarLong(Stream s)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            int b = s.ReadByte();
            if (b < 0) throw new EndOfStreamException();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return checked((long)result);
        }
        throw new OverflowException();
    }

    private static void WriteString(Stream s, string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        WriteVarLong(s, bytes.Length);
        s.Write(bytes, 0, bytes.Length);
    }

    private static string ReadString(Stream s)
    {
        long length = ReadVarLong(s);
        if (length > s.Length - s.Position) throw new EndOfStreamException();
        byte[] bytes = new byte[length];
        if (s.Read(bytes, 0, bytes.Length) != bytes.Length) throw new EndOfStreamException();
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Joins filter parts into the canonical string a token carries.</summary>
    public static string Filters(IEnumerable<string?> parts) => string.Join("\u001f", MapNulls(parts));

    public static string?[] SplitFilters(string filter, int count)
    {
        string[] raw = filter.Split('\u001f');
        var result = new string?[count];
        for (int i = 0; i < count && i < raw.Length; i++) result[i] = raw[i].Length == 0 ? null : raw[i];
        return result;
    }

    private static IEnumerable<string> MapNulls(IEnumerable<string?> parts)
    {
        foreach (var p in parts) yield return p ?? string.Empty;
    }
}
