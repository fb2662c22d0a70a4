using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;

namespace VppPowerShell.Tests.Harness;

/// <summary>The bytes of a store and its companion files, to prove a failed command wrote nothing.</summary>
public sealed record StoreSnapshot(string Description)
{
    private static readonly string[] Suffixes = { string.Empty, "-wal", "-shm", ".key" };

    public static StoreSnapshot Of(string storePath) => new(string.Join("; ", Suffixes.Select(suffix =>
    {
        var path = storePath + suffix;
        return File.Exists(path) ? $"{suffix}:{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))}" : $"{suffix}:absent";
    })));

    public override string ToString() => Description;
}
