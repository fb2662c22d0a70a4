using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Apple.Legacy;
using VppPowerShell.Simulator;
using VppPowerShell.Simulator.Model;

namespace VppPowerShell.Core.Tests.Apple.Legacy;

/// <summary>A simulator on loopback with one legacy account, and readers of it with short retry delays.</summary>
public sealed class LegacyHarness : IDisposable
{
    public static readonly AppleClientOptions FastRetries = new()
    {
        FirstRetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetries = 12,
        AttemptTimeout = TimeSpan.FromSeconds(20),
    };

    public LegacyHarness(SimulatorOptions? options = null)
    {
        Simulator = AppleSimulator.Start(options);
        Account = Simulator.AddLegacyAccount("Contoso Schools", "buyer@contoso.example");
    }

    public AppleSimulator Simulator { get; }

    public SimulatedLegacyAccount Account { get; }

    public SimulatorOptions Options => Simulator.Options;

    public Task<LegacyAccountReader> ConnectAsync(SimulatedLegacyAccount? account = null, AppleClientOptions? options = null) =>
        LegacyAccountReader.ConnectAsync(Simulator.LegacyServiceConfigUri, (account ?? Account).TokenFileContent, options ?? FastRetries);

    public long LicenseRequests => Simulator.Statistics.Requests("POST getVPPLicensesSrv");

    public static int CeilDiv(int a, int b) => (a + b - 1) / b;

    /// <summary>Reads every assignment and checks the batches came one at a time, in order, none larger than the batch size.</summary>
    public static async Task<(List<LegacyAssignment> Assignments, LegacyReadResult Result, int LargestBatch)> ReadAssignmentsAsync(LegacyAccountReader reader)
    {
        var all = new List<LegacyAssignment>();
        int largest = 0, inCallback = 0;
        var result = await reader.ReadAssignmentsAsync(async batch =>
        {
            if (System.Threading.Interlocked.Increment(ref inCallback) != 1) throw new InvalidOperationException("Batches overlapped.");
            largest = Math.Max(largest, batch.Count);
            all.AddRange(batch);
            await Task.Yield();
            System.Threading.Interlocked.Decrement(ref inCallback);
        });
        return (all, result, largest);
    }

    // ---- what the simulator says is true, in the reader's terms (API §14.2) ----------------------

    public static string Key(LegacyAssignment a) =>
        $"{a.LicenseId}|{a.AdamId}|{a.PricingParam}|{a.ProductType}|{a.ClientUserId}|{a.SerialNumber}|{a.IsIrrevocable}|{a.UserId}|{a.IdHash}";

    public static string Key(SimLegacyLicense l) =>
        $"{l.LicenseId}|{l.AdamId}|{l.PricingParam}|{(l.ProductTypeId == 10 ? "Book" : "App")}|{l.ClientUserId}|{l.SerialNumber}|{l.IsIrrevocable}|{l.UserId}|{l.ItsIdHash}";

    public static string Key(LegacyLicense l) => $"{l.Status}|{Key(ToAssignmentShape(l))}";

    public static string FullKey(SimLegacyLicense l) => $"{l.Status}|{Key(l)}";

    public static string Key(LegacyUser u) => $"{u.UserId}|{u.ClientUserId}|{u.Email}|{u.Status}|{u.IdHash}|{u.InviteCode}|{u.ManagedAppleId}";

    public static string Key(SimLegacyUser u) => $"{u.UserId}|{u.ClientUserId}|{u.Email}|{u.Status}|{u.ItsIdHash}|{u.InviteCode}|{u.ManagedAppleId}";

    public static string Key(LegacyAsset a) =>
        $"{a.AdamId}|{a.PricingParam}|{a.ProductType}|{a.ProductTypeId}|{a.ProductTypeName}|{a.IsIrrevocable}|{a.DeviceAssignable}|{a.AssignedCount}|{a.AvailableCount}|{a.RetiredCount}|{a.TotalCount}";

    public static string Key(SimLegacyAsset a) =>
        $"{a.AdamId}|{a.PricingParam}|{(a.ProductTypeId == 10 ? "Book" : "App")}|{a.ProductTypeId}|{a.ProductTypeName}|{a.IsIrrevocable}|{a.DeviceAssignable}|{a.AssignedCount}|{a.AvailableCount}|{a.RetiredCount}|{a.TotalCount}";

    public static List<string> Sorted(IEnumerable<string> keys) => keys.OrderBy(k => k, StringComparer.Ordinal).ToList();

    private static LegacyAssignment ToAssignmentShape(LegacyLicense l) =>
        new(l.AdamId, l.PricingParam, l.ProductType, l.ClientUserId, l.SerialNumber, l.LicenseId, l.IsIrrevocable, l.UserId, l.IdHash);

    public void Dispose() => Simulator.Dispose();
}
