using System;
using System.Collections.Generic;
using System.Linq;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Simulator;
using Xunit;

namespace VppPowerShell.Core.Tests.Licensing.Workers;

/// <summary>Reads what workers in other processes left in a store, and checks it against the simulator.</summary>
internal static class StoreProbe
{
    /// <summary>Each target's last known status for one asset (table target_status).</summary>
    public static Dictionary<string, (string Status, string? ErrorId)> TargetStatus(VppStore store, int tokenId, string adamId)
    {
        var result = new Dictionary<string, (string, string?)>(StringComparer.Ordinal);
        using var command = store.Connection.CreateCommand();
        command.CommandText = "SELECT target, status, error_id FROM target_status WHERE token_id = @token AND adam_id = @adam;";
        command.AddParameter("@token", tokenId);
        command.AddParameter("@adam", adamId);
        using var reader = command.ExecuteReader();
        while (reader.Read()) result[reader.GetString(0)] = (reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        return result;
    }

    /// <summary>Requests of all the token's jobs by journal state: "Pending 3, Submitted 2, Applied 45".</summary>
    public static string BatchStates(VppStore store, int tokenId)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = "SELECT b.state, COUNT(*) FROM job_batches b JOIN jobs j ON j.job_id = b.job_id WHERE j.token_id = @token GROUP BY b.state ORDER BY b.state;";
        command.AddParameter("@token", tokenId);
        using var reader = command.ExecuteReader();
        var parts = new List<string>();
        while (reader.Read()) parts.Add($"{reader.GetString(0)} {reader.GetInt64(1)}");
        return parts.Count == 0 ? "no job" : string.Join(", ", parts);
    }

    public static int SubmittedOrApplied(VppStore store, int tokenId)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM job_batches b JOIN jobs j ON j.job_id = b.job_id WHERE j.token_id = @token AND b.state <> 'Pending';";
        command.AddParameter("@token", tokenId);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The asset's counts as the store has them, and its assignment rows.</summary>
    public static (long Assigned, long Available, long Rows, long DistinctPairs) Counts(VppStore store, int tokenId, string adamId)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText =
            "SELECT a.assigned_count, a.available_count, " +
            "(SELECT COUNT(*) FROM assignments s WHERE s.token_id = a.token_id AND s.adam_id = a.adam_id AND s.pricing_param = a.pricing_param), " +
            "(SELECT COUNT(*) FROM (SELECT DISTINCT client_user_id, serial_number FROM assignments s WHERE s.token_id = a.token_id AND s.adam_id = a.adam_id AND s.pricing_param = a.pricing_param) AS pairs) " +
            "FROM assets a WHERE a.token_id = @token AND a.adam_id = @adam;";
        command.AddParameter("@token", tokenId);
        command.AddParameter("@adam", adamId);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), $"Asset {adamId} is not in the store.");
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary>
    /// Licenses of one asset end exactly as many as there were, none counted twice, the store equal to
    /// Apple, and every target accounted for: Assigned exactly when Apple has it assigned, otherwise
    /// Failed for want of a license (R-L5); no job left running and no target left pending.
    /// </summary>
    public static void AssertSettled(VppStore store, LicensingService service, SimulatedLocation location, int tokenId, string adamId, int licenses,
        IReadOnlyCollection<string> targets)
    {
        Assert.Equal(licenses, location.AssignmentCount);
        Assert.Equal(licenses, location.FindAsset(adamId)!.AssignedCount);
        var counts = Counts(store, tokenId, adamId);
        Assert.Equal((licenses, 0L, licenses, licenses), (counts.Assigned, counts.Available, counts.Rows, counts.DistinctPairs));

        var atApple = location.Assignments.Where(a => a.AdamId == adamId).Select(a => a.SerialNumber!).ToHashSet(StringComparer.Ordinal);
        var status = TargetStatus(store, tokenId, adamId);
        foreach (var target in targets)
        {
            Assert.True(status.TryGetValue(target, out var s), $"{target} has no status.");
            if (atApple.Contains(target)) Assert.True(s.Status == "Assigned", $"{target} holds a license at Apple but its status is {s.Status} {s.ErrorId}.");
            else Assert.True(s is ("Failed", VppErrorIds.NoLicenseAvailable), $"{target} holds no license at Apple but its status is {s.Status} {s.ErrorId}.");
        }

        Assert.Subset(targets.ToHashSet(StringComparer.Ordinal), atApple);

        var jobs = service.Jobs(tokenId: tokenId);
        Assert.NotEmpty(jobs);
        foreach (var job in jobs)
        {
            Assert.True(job.State is VppJobState.Completed or VppJobState.CompletedWithErrors, $"Job {job} is {job.State}.");
            Assert.Equal(0, job.Pending);
            Assert.Null(job.Owner);
            Assert.DoesNotContain(service.Results(job.JobId), r => r.Status == "Pending");
        }
    }
}
