using System;
using System.Collections.Generic;
using System.Linq;
using VppPowerShell.Core.Store;

namespace VppPowerShell.Core.Licensing;

/// <summary>What the admin tells the store about devices' enrollment (for the licensing rules and end-user prompts).</summary>
public sealed class DeviceRegistry
{
    private readonly VppStore store;

    public DeviceRegistry(VppStore store)
    {
        this.store = store;
    }

    /// <summary>Sets the given fields; null leaves a field as it was.</summary>
    public VppDevice Set(VppDevice changes)
    {
        using var transaction = store.BeginWrite();
        using var command = store.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "INSERT INTO devices (serial_number, platform, ownership, supervised, kiosk, user_enrollment, primary_user, updated_on) " +
            "VALUES (@serial, @platform, @ownership, @supervised, @kiosk, @enrollment, @user, @now) ON CONFLICT (serial_number) DO UPDATE SET " +
            "platform = coalesce(excluded.platform, devices.platform), ownership = coalesce(excluded.ownership, devices.ownership), " +
            "supervised = coalesce(excluded.supervised, devices.supervised), kiosk = coalesce(excluded.kiosk, devices.kiosk), " +
            "user_enrollment = coalesce(excluded.user_enrollment, devices.user_enrollment), " +
            "primary_user = coalesce(excluded.primary_user, devices.primary_user), updated_on = excluded.updated_on;";
        command.AddParameter("@serial", changes.SerialNumber);
        command.AddParameter("@platform", (object?)changes.Platform ?? DBNull.Value);
        command.AddParameter("@ownership", (object?)changes.Ownership ?? DBNull.Value);
        command.AddParameter("@supervised", changes.Supervised is { } s ? (s ? 1 : 0) : DBNull.Value);
        command.AddParameter("@kiosk", changes.Kiosk is { } k ? (k ? 1 : 0) : DBNull.Value);
        command.AddParameter("@enrollment", changes.UserEnrollment is { } u ? (u ? 1 : 0) : DBNull.Value);
        command.AddParameter("@user", (object?)changes.PrimaryUser ?? DBNull.Value);
        command.AddParameter("@now", VppStore.FormatDate(DateTimeOffset.UtcNow));
        command.ExecuteNonQuery();
        transaction.Commit();
        return LicenseState.Devices(store)[changes.SerialNumber];
    }

    public IReadOnlyList<VppDevice> Find(IReadOnlyCollection<string>? serialNumbers = null)
    {
        var all = LicenseState.Devices(store);
        return serialNumbers is { Count: > 0 }
            ? serialNumbers.Where(all.ContainsKey).Select(s => all[s]).ToList()
            : all.Values.OrderBy(d => d.SerialNumber, StringComparer.Ordinal).ToList();
    }
}
