using System;
using System.Collections.Concurrent;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using VppPowerShell.Core.Security;

namespace VppPowerShell.Core.Apple;

/// <summary>
/// Holds one token to Apple's 5 requests in flight (API §8) across every process on this machine:
/// a semaphore within the process, and five lock files per token shared by all processes (two
/// runbooks on one token still send at most 5 requests at once). The operating system releases a
/// lock file when its process dies, so a killed runbook never keeps a slot.
/// </summary>
internal sealed class TokenGate
{
    private static readonly ConcurrentDictionary<string, TokenGate> Gates = new(StringComparer.Ordinal);
    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(50);

    private readonly SemaphoreSlim local = new(AppleClientOptions.MaxInFlightPerToken, AppleClientOptions.MaxInFlightPerToken);
    private readonly string? folder;

    internal TokenGate(string? folder)
    {
        this.folder = folder;
    }

    /// <summary>The gate of a token; <paramref name="gateKey"/> identifies the token without revealing it (a fingerprint).</summary>
    public static TokenGate For(string gateKey) => Gates.GetOrAdd(gateKey, key => new TokenGate(FolderFor(key)));

    /// <summary>Waits for a slot; dispose the lease to give it back.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellation)
    {
        await local.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (folder is null) return new Lease(this, null);
            var wait = TimeSpan.FromMilliseconds(1);
            while (true)
            {
                for (var slot = 0; slot < AppleClientOptions.MaxInFlightPerToken; slot++)
                {
                    var taken = TryTake(slot);
                    if (taken is not null) return new Lease(this, taken);
                }

                await Task.Delay(wait, cancellation).ConfigureAwait(false);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestWait.Ticks));
            }
        }
        catch
        {
            local.Release();
            throw;
        }
    }

    private FileStream? TryTake(int slot)
    {
        try
        {
            return new FileStream(Path.Combine(folder!, $"slot{slot}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The token's lock folder, or null (in-process limit only) when the temp folder cannot hold one.</summary>
    private static string? FolderFor(string gateKey)
    {
        try
        {
            using var sha = SHA256.Create();
            var hash = BitConverter.ToString(sha.ComputeHash(Encoding.UTF8.GetBytes(gateKey))).Replace("-", string.Empty).Substring(0, 32);
            var root = Path.Combine(Path.GetTempPath(), "VppPowerShell-gates");
            if (!Directory.Exists(root)) OwnerOnlyFile.CreateDirectory(root);
            var folder = Path.Combine(root, hash);
            if (!Directory.Exists(folder)) OwnerOnlyFile.CreateDirectory(folder);
            return folder;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed class Lease : IDisposable
    {
        private readonly TokenGate gate;
        private FileStream? slot;
        private int released;

        public Lease(TokenGate gate, FileStream? slot)
        {
            this.gate = gate;
            this.slot = slot;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 1) return;
            slot?.Dispose();
            slot = null;
            gate.local.Release();
        }
    }
}
