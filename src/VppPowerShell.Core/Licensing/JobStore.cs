using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Data.Common;
using VppPowerShell.Core.Apple;
using VppPowerShell.Core.Leases;
using VppPowerShell.Core.Store;

namespace VppPowerShell.Core.Licensing;

/// <summary>
/// The journal of bulk runs. A plan is written whole before anything is sent; each request's event
/// id is written before it is waited on; each request's results are applied in one transaction.
/// A run killed at any point therefore resumes from here with nothing lost, doubled or unrecorded.
/// </summary>
internal sealed class JobStore
{
    private const char Separator = '\n';

    /// <summary>The outcome (and status) of a target another job has in hand (R-L8).</summary>
    public const string LeftToJob = "LeftToJob";
    private const string AssignmentKey = "token_id, adam_id, pricing_param, client_user_id, serial_number";
    private static readonly string[] AssignmentColumns = { "token_id", "adam_id", "pricing_param", "client_user_id", "serial_number" };
    private static readonly string[] TargetColumns =
        { "job_id", "seq", "adam_id", "pricing_param", "license_type", "target", "action", "batch_no", "outcome", "error_id", "reason" };
    private readonly VppStore store;
    private readonly Func<DateTimeOffset> clock;

    public JobStore(VppStore store, Func<DateTimeOffset>? clock = null)
    {
        this.store = store;
        this.clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// Journals the plan, or returns null and writes nothing when a job of the token that the plan did
    /// not see was journaled since it was made (R-L8): that job may have some of its targets in hand, or
    /// take licenses the plan counts as free. Under the store's write lock, so of two workers planning
    /// the same targets at once, the second to journal always sees the first's job.
    /// </summary>
    public string? Create(string kind, int tokenId, string description, LicensePlan plan)
    {
        var jobId = DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);
        var now = VppStore.FormatDate(clock());
        using var transaction = store.BeginWrite();
        if (UnfinishedJobs(transaction, tokenId).Any(id => !plan.InHandElsewhere.JobsSeen.Contains(id))) return null;
        Execute(transaction, "INSERT INTO jobs (job_id, kind, token_id, description, state, owner, heartbeat_on, created_on, updated_on) VALUES (@job, @kind, @token, @description, @state, @owner, @now, @now, @now);",
            ("@job", jobId), ("@kind", kind), ("@token", tokenId), ("@description", description), ("@state", VppJobState.Running.ToString()),
            ("@owner", LeaseOwner.Current), ("@now", now));

        var targets = new List<object?[]>(plan.Targets.Count);
        var statuses = new StatusRows();
        foreach (var t in plan.Targets)
        {
            var outcome = t.Action switch
            {
                PlannedAction.Fail => "Failed",
                PlannedAction.None => t.LeftToJobId is null ? "Unchanged" : LeftToJob,
                _ => "Planned",
            };
            // A target left to another job keeps that job's id where a failed one keeps its error id.
            targets.Add(new object?[] { jobId, t.Seq, t.Pool.AdamId, t.Pool.PricingParam, t.LicenseType.ToString(), t.Target, t.Action.ToString(),
                t.BatchNo, outcome, t.ErrorId ?? t.LeftToJobId, t.Reason ?? t.Warning });
            if (t.Action == PlannedAction.Fail)
            {
                statuses.Add(t.Pool.TokenId, t.Pool.AdamId, t.Pool.PricingParam, t.LicenseType, t.Target, "Failed", t.ErrorId, t.Reason, jobId, now);
            }
        }

        store.Dialect.Upsert(store.Connection, transaction, "job_targets", TargetColumns, "job_id, seq", null, targets);
        statuses.WriteTo(store, transaction);

        using (var insert = Prepare(transaction,
                   "INSERT INTO job_batches (job_id, batch_no, operation, license_type, assets, targets, state) VALUES (@job, @no, @op, @type, @assets, @targets, @state);",
                   "@job", "@no", "@op", "@type", "@assets", "@targets", "@state"))
        {
            foreach (var batch in plan.Batches)
            {
                Set(insert, jobId, batch.BatchNo, batch.Operation.ToString(), batch.LicenseType.ToString(),
                    string.Join(Separator.ToString(), batch.Pools.Select(p => p.AdamId + "|" + p.PricingParam)),
                    string.Join(Separator.ToString(), batch.Targets), JobBatch.Pending);
                insert.ExecuteNonQuery();
            }
        }

        transaction.Commit();
        // Each request's results are found by the batch index; the planner must know the new rows to use it.
        store.Dialect.Analyze(store.Connection, null, "job_targets", "target_status");
        return jobId;
    }

    private List<string> UnfinishedJobs(DbTransaction transaction, int tokenId)
    {
        using var command = store.Connection.CreateCommand(transaction, "SELECT job_id FROM jobs WHERE token_id = @token AND state IN ('Running', 'Failed');");
        command.AddParameter("@token", tokenId);
        var result = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) result.Add(reader.GetString(0));
        return result;
    }

    /// <summary>
    /// Takes the job for this process; refuses one a live process is running, or whose owner on
    /// another host still holds its lease. Under the store's write lock, so two workers never both take it.
    /// </summary>
    public void Claim(string jobId, bool force)
    {
        using var transaction = store.BeginWrite();
        var owner = Scalar(transaction, "SELECT owner FROM jobs WHERE job_id = @job;", ("@job", jobId)) as string;
        var heartbeat = Scalar(transaction, "SELECT heartbeat_on FROM jobs WHERE job_id = @job;", ("@job", jobId)) as string;
        if (!force && LeaseOwner.IsAlive(owner, heartbeat is null ? null : VppStore.ParseDate(heartbeat), clock()))
        {
            throw new VppException(VppErrorIds.JobRunningElsewhere, VppErrorCategory.ResourceUnavailable,
                $"Job {jobId} is being run by another process ({owner}).", jobId,
                "Wait for it to finish (Get-VppJob), or if that process is gone for good, run Resume-VppJob -Force.");
        }

        Execute(transaction, "UPDATE jobs SET owner = @owner, state = @state, error = NULL, heartbeat_on = @now, updated_on = @now WHERE job_id = @job;",
            ("@job", jobId), ("@owner", LeaseOwner.Current), ("@state", VppJobState.Running.ToString()), ("@now", VppStore.FormatDate(clock())));
        transaction.Commit();
    }

    /// <summary>Renews this process's lease on a job it runs; false when another worker has taken the job over.</summary>
    public bool Heartbeat(string jobId)
    {
        using var transaction = store.BeginWrite();
        var renewed = Execute(transaction, "UPDATE jobs SET heartbeat_on = @now WHERE job_id = @job AND owner = @owner;",
            ("@job", jobId), ("@owner", LeaseOwner.Current), ("@now", VppStore.FormatDate(clock())));
        transaction.Commit();
        return renewed > 0;
    }

    public IReadOnlyList<JobBatch> OpenBatches(string jobId)
    {
        var result = new List<JobBatch>();
        using var command = store.Connection.CreateCommand();
        command.CommandText = "SELECT batch_no, operation, license_type, assets, targets, state, event_id FROM job_batches WHERE job_id = @job AND state <> @applied ORDER BY batch_no;";
        command.AddParameter("@job", jobId);
        command.AddParameter("@applied", JobBatch.Applied);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var assets = reader.GetString(3).Length == 0
                ? new List<(string, string)>()
                : reader.GetString(3).Split(Separator).Select(a => (a.Split('|')[0], a.Split('|')[1])).ToList();
            result.Add(new JobBatch(jobId, reader.GetInt32(0), (BatchOperation)Enum.Parse(typeof(BatchOperation), reader.GetString(1)),
                (LicenseType)Enum.Parse(typeof(LicenseType), reader.GetString(2)), assets, reader.GetString(4).Split(Separator),
                reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return result;
    }

    /// <summary>Every asset the job touches, sent or not in this run.</summary>
    public IReadOnlyList<(string AdamId, string PricingParam)> Assets(string jobId)
    {
        var result = new List<(string, string)>();
        using var command = store.Connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT adam_id, pricing_param FROM job_targets WHERE job_id = @job AND action IN ('Associate', 'Disassociate');";
        command.AddParameter("@job", jobId);
        using var reader = command.ExecuteReader();
        while (reader.Read()) result.Add((reader.GetString(0), reader.GetString(1)));
        return result;
    }

    public void MarkSubmitted(JobBatch batch, string eventId)
    {
        using var transaction = store.BeginWrite();
        Execute(transaction, "UPDATE job_batches SET state = @state, event_id = @event, submitted_on = @now WHERE job_id = @job AND batch_no = @no;",
            ("@job", batch.JobId), ("@no", batch.BatchNo), ("@state", JobBatch.Submitted), ("@event", eventId), ("@now", VppStore.FormatDate(DateTimeOffset.UtcNow)));
        Touch(transaction, batch.JobId);
        transaction.Commit();
    }

    /// <summary>Applies Apple's per-pair outcome of one request, in one transaction (API §10: FAILED means some pairs failed).</summary>
    public void Apply(JobBatch batch, int tokenId, IReadOnlyDictionary<(string AdamId, string Target), (string ErrorId, string Reason)> failures)
    {
        var now = VppStore.FormatDate(DateTimeOffset.UtcNow);
        using var transaction = store.BeginWrite();
        var statuses = new StatusRows();
        var userColumn = batch.LicenseType == LicenseType.User;
        switch (batch.Operation)
        {
            case BatchOperation.CreateUsers:
                using (var insert = Prepare(transaction,
                           "INSERT INTO users (token_id, client_user_id, status, managed_here) VALUES (@token, @user, 'Registered', 1) " +
                           "ON CONFLICT (token_id, client_user_id) DO UPDATE SET managed_here = 1;", "@token", "@user"))
                {
                    foreach (var user in batch.Targets)
                    {
                        if (failures.ContainsKey((string.Empty, user))) continue;
                        Set(insert, tokenId, user);
                        insert.ExecuteNonQuery();
                    }
                }

                break;
            case BatchOperation.Associate:
            case BatchOperation.Disassociate:
                var associate = batch.Operation == BatchOperation.Associate;
                using (var remove = Prepare(transaction,
                           "DELETE FROM assignments WHERE token_id = @token AND adam_id = @adam AND pricing_param = @pricing AND client_user_id = @user AND serial_number = @serial;",
                           "@token", "@adam", "@pricing", "@user", "@serial"))
                {
                    foreach (var (adamId, pricing) in batch.Assets)
                    {
                        var changed = 0;
                        var added = new Dictionary<string, object?[]>(StringComparer.Ordinal);
                        foreach (var target in batch.Targets)
                        {
                            if (failures.TryGetValue((adamId, target), out var failure) || failures.TryGetValue((string.Empty, target), out failure))
                            {
                                statuses.Add(tokenId, adamId, pricing, batch.LicenseType, target, "Failed", failure.ErrorId, failure.Reason, batch.JobId, now);
                                SetOutcome(transaction, batch, adamId, target, "Failed", failure.ErrorId, failure.Reason);
                                continue;
                            }

                            var (user, serial) = userColumn ? (target, string.Empty) : (string.Empty, target);
                            if (associate)
                            {
                                added[target] = new object?[] { (long)tokenId, adamId, pricing, user, serial };
                            }
                            else
                            {
                                Set(remove, tokenId, adamId, pricing, user, serial);
                                changed += remove.ExecuteNonQuery();
                            }

                            statuses.Add(tokenId, adamId, pricing, batch.LicenseType, target, associate ? "Assigned" : "Removed", null, null, batch.JobId, now);
                        }

                        // Only the assignments the store did not have yet count: one already there (an earlier sync saw it) changes nothing.
                        if (associate) changed = store.Dialect.Upsert(store.Connection, transaction, "assignments", AssignmentColumns, AssignmentKey, null, added.Values);
                        AdjustCounts(transaction, tokenId, adamId, pricing, associate ? changed : -changed);
                    }
                }

                // The batch index: without statistics SQLite picks the primary key (job_id) and would read every target of the job for each batch.
                Execute(transaction, $"UPDATE job_targets{store.IndexHint("job_targets_batch")} SET outcome = 'Done' WHERE job_id = @job AND batch_no = @no AND outcome = 'Planned';",
                    ("@job", batch.JobId), ("@no", batch.BatchNo));
                break;
            case BatchOperation.Revoke:
                foreach (var target in batch.Targets)
                {
                    if (failures.TryGetValue((string.Empty, target), out var failure))
                    {
                        SetOutcome(transaction, batch, null, target, "Failed", failure.ErrorId, failure.Reason);
                        continue;
                    }

                    var column = userColumn ? "client_user_id" : "serial_number";
                    var held = new List<(string, string)>();
                    using (var read = store.Connection.CreateCommand())
                    {
                        read.Transaction = transaction;
                        read.CommandText = $"SELECT s.adam_id, s.pricing_param FROM assignments s JOIN assets a ON a.token_id = s.token_id AND a.adam_id = s.adam_id AND a.pricing_param = s.pricing_param " +
                            $"WHERE s.token_id = @token AND s.{column} = @target AND s.{column} <> '' AND a.revocable = 1;";
                        read.AddParameter("@token", tokenId);
                        read.AddParameter("@target", target);
                        using var reader = read.ExecuteReader();
                        while (reader.Read()) held.Add((reader.GetString(0), reader.GetString(1)));
                    }

                    foreach (var (adamId, pricing) in held)
                    {
                        Execute(transaction, $"DELETE FROM assignments WHERE token_id = @token AND adam_id = @adam AND pricing_param = @pricing AND {column} = @target;",
                            ("@token", tokenId), ("@adam", adamId), ("@pricing", pricing), ("@target", target));
                        AdjustCounts(transaction, tokenId, adamId, pricing, -1);
                        statuses.Add(tokenId, adamId, pricing, batch.LicenseType, target, "Removed", null, null, batch.JobId, now);
                    }
                }

                Execute(transaction, $"UPDATE job_targets{store.IndexHint("job_targets_batch")} SET outcome = 'Done' WHERE job_id = @job AND batch_no = @no AND outcome = 'Planned';",
                    ("@job", batch.JobId), ("@no", batch.BatchNo));
                break;
        }

        statuses.WriteTo(store, transaction);
        Execute(transaction, "UPDATE job_batches SET state = @state, applied_on = @now WHERE job_id = @job AND batch_no = @no;",
            ("@job", batch.JobId), ("@no", batch.BatchNo), ("@state", JobBatch.Applied), ("@now", now));
        Touch(transaction, batch.JobId);
        transaction.Commit();
    }

    public void RecordUser(int tokenId, Apple.Wire.ResponseUser user)
    {
        using var transaction = store.BeginWrite();
        Execute(transaction,
            "INSERT INTO users (token_id, client_user_id, email, status, invite_code, id_hash, managed_here) VALUES (@token, @user, @email, @status, @invite, @hash, 1) " +
            "ON CONFLICT (token_id, client_user_id) DO UPDATE SET email = excluded.email, status = excluded.status, invite_code = excluded.invite_code, id_hash = excluded.id_hash, managed_here = 1;",
            ("@token", tokenId), ("@user", user.ClientUserId), ("@email", (object?)user.Email ?? DBNull.Value), ("@status", user.Status ?? "Registered"),
            ("@invite", (object?)user.InviteCode ?? DBNull.Value), ("@hash", (object?)user.IdHash ?? DBNull.Value));
        transaction.Commit();
    }

    /// <summary>Apple's counts for an asset after the run (R-R8: the store says when Apple last confirmed them).</summary>
    public void ConfirmCounts(int tokenId, Apple.Wire.ResponseAsset asset)
    {
        using var transaction = store.BeginWrite();
        Execute(transaction,
            "UPDATE assets SET total_count = @total, assigned_count = @assigned, available_count = @available, retired_count = @retired, confirmed_on = @now " +
            "WHERE token_id = @token AND adam_id = @adam AND pricing_param = @pricing;",
            ("@token", tokenId), ("@adam", asset.AdamId), ("@pricing", asset.PricingParam ?? "STDQ"), ("@total", asset.TotalCount),
            ("@assigned", asset.AssignedCount), ("@available", asset.AvailableCount), ("@retired", asset.RetiredCount),
            ("@now", VppStore.FormatDate(DateTimeOffset.UtcNow)));
        transaction.Commit();
    }

    public void Finish(string jobId, string? error)
    {
        using var transaction = store.BeginWrite();
        var failed = Convert.ToInt32(Scalar(transaction, "SELECT COUNT(*) FROM job_targets WHERE job_id = @job AND outcome = 'Failed';", ("@job", jobId)), CultureInfo.InvariantCulture);
        var state = error is not null ? VppJobState.Failed : failed > 0 ? VppJobState.CompletedWithErrors : VppJobState.Completed;
        // A worker whose job was taken over leaves it to the new owner.
        Execute(transaction, "UPDATE jobs SET state = @state, owner = NULL, error = @error, updated_on = @now WHERE job_id = @job AND (owner IS NULL OR owner = @owner);",
            ("@job", jobId), ("@state", state.ToString()), ("@error", (object?)error ?? DBNull.Value), ("@owner", LeaseOwner.Current), ("@now", VppStore.FormatDate(clock())));
        transaction.Commit();
    }

    public IReadOnlyList<VppJob> Jobs(string? jobId = null, int? tokenId = null, bool unfinishedOnly = false)
    {
        var result = new List<VppJob>();
        using var command = store.Connection.CreateCommand();
        command.CommandText =
            "SELECT j.job_id, j.kind, j.token_id, j.description, j.state, j.owner, j.created_on, j.updated_on, j.error, " +
            "COUNT(t.seq), " +
            "SUM(CASE WHEN t.outcome = 'Done' AND t.action = 'Associate' THEN 1 ELSE 0 END), " +
            "SUM(CASE WHEN t.outcome = 'Done' AND t.action IN ('Disassociate', 'Revoke') THEN 1 ELSE 0 END), " +
            "SUM(CASE WHEN t.outcome = 'Failed' THEN 1 ELSE 0 END), " +
            "SUM(CASE WHEN t.outcome = 'Unchanged' THEN 1 ELSE 0 END), " +
            "SUM(CASE WHEN t.outcome = 'Planned' THEN 1 ELSE 0 END), j.heartbeat_on, " +
            "SUM(CASE WHEN t.outcome = 'LeftToJob' THEN 1 ELSE 0 END) " +
            "FROM jobs j LEFT JOIN job_targets t ON t.job_id = j.job_id " +
            "WHERE (CAST(@job AS TEXT) IS NULL OR j.job_id = @job) AND (CAST(@token AS BIGINT) IS NULL OR j.token_id = @token) AND (@unfinished = 0 OR j.state IN ('Running', 'Failed')) " +
            "GROUP BY j.job_id ORDER BY j.created_on;";
        command.AddParameter("@job", (object?)jobId ?? DBNull.Value);
        command.AddParameter("@token", (object?)tokenId ?? DBNull.Value);
        command.AddParameter("@unfinished", unfinishedOnly ? 1 : 0);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(new VppJob(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.GetString(3),
                ReadState(reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(15) ? null : VppStore.ParseDate(reader.GetString(15))), reader.IsDBNull(5) ? null : reader.GetString(5),
                VppStore.ParseDate(reader.GetString(6)), VppStore.ParseDate(reader.GetString(7)), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetInt32(9), Int(reader, 10), Int(reader, 11), Int(reader, 12), Int(reader, 13), Int(reader, 14), Int(reader, 16)));
        }

        return result;
    }

    /// <summary>A job the store calls Running whose owner is gone (or whose lease ran out) reads as Interrupted.</summary>
    private VppJobState ReadState(string stored, string? owner, DateTimeOffset? heartbeatOn)
    {
        var state = (VppJobState)Enum.Parse(typeof(VppJobState), stored);
        return state == VppJobState.Running && LeaseOwner.IsGone(owner, heartbeatOn, clock()) ? VppJobState.Interrupted : state;
    }

    public VppJob Get(string jobId) =>
        Jobs(jobId).FirstOrDefault() ?? throw new VppException(VppErrorIds.JobNotFound, VppErrorCategory.ObjectNotFound,
            $"No job with id '{jobId}' is in the store.", jobId, "List the jobs with Get-VppJob.");

    /// <summary>Every target of a job with its outcome, in plan order.</summary>
    public IEnumerable<VppTargetResult> Results(string jobId, int tokenId, Func<string, string?>? invitationFor = null)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = "SELECT adam_id, pricing_param, license_type, target, action, outcome, error_id, reason FROM job_targets WHERE job_id = @job ORDER BY seq;";
        command.AddParameter("@job", jobId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var action = (PlannedAction)Enum.Parse(typeof(PlannedAction), reader.GetString(4));
            var outcome = reader.GetString(5);
            var status = outcome switch
            {
                "Done" => action == PlannedAction.Associate ? "Assigned" : "Removed",
                "Planned" => "Pending",
                _ => outcome,
            };
            var type = (LicenseType)Enum.Parse(typeof(LicenseType), reader.GetString(2));
            var target = reader.GetString(3);
            var idColumn = reader.IsDBNull(6) ? null : reader.GetString(6);
            var leftTo = status == LeftToJob ? idColumn : null;
            yield return new VppTargetResult(jobId, tokenId, reader.GetString(0), reader.GetString(1), type, target, target, action, status,
                leftTo is null ? idColumn : null, reader.IsDBNull(7) ? null : reader.GetString(7), null, null,
                type == LicenseType.User && status == "Assigned" ? invitationFor?.Invoke(target) : null)
            {
                OtherJobId = leftTo,
            };
        }
    }

    private static int Int(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? 0 : reader.GetInt32(ordinal);

    private void SetOutcome(DbTransaction transaction, JobBatch batch, string? adamId, string target, string outcome, string? errorId, string? reason) =>
        Execute(transaction,
            $"UPDATE job_targets{store.IndexHint("job_targets_batch")} SET outcome = @outcome, error_id = @error, reason = @reason WHERE job_id = @job AND batch_no = @no AND target = @target AND adam_id = coalesce(@adam, adam_id);",
            ("@job", batch.JobId), ("@no", batch.BatchNo), ("@target", target), ("@adam", (object?)adamId ?? DBNull.Value),
            ("@outcome", outcome), ("@error", (object?)errorId ?? DBNull.Value), ("@reason", (object?)reason ?? DBNull.Value));

    private void AdjustCounts(DbTransaction transaction, int tokenId, string adamId, string pricing, int delta)
    {
        if (delta == 0) return;
        Execute(transaction,
            "UPDATE assets SET assigned_count = assigned_count + @delta, available_count = available_count - @delta WHERE token_id = @token AND adam_id = @adam AND pricing_param = @pricing;",
            ("@token", tokenId), ("@adam", adamId), ("@pricing", pricing), ("@delta", delta));
    }

    private void Touch(DbTransaction transaction, string jobId) =>
        Execute(transaction, "UPDATE jobs SET updated_on = @now WHERE job_id = @job;", ("@job", jobId), ("@now", VppStore.FormatDate(DateTimeOffset.UtcNow)));

    /// <summary>
    /// The per-target outcomes a transaction records (target_status), written together at its end:
    /// one bulk upsert in place of a statement per target. A later outcome for a target replaces an earlier one.
    /// </summary>
    private sealed class StatusRows
    {
        private static readonly string[] Columns =
            { "token_id", "adam_id", "pricing_param", "license_type", "target", "status", "error_id", "reason", "job_id", "updated_on" };

        private readonly Dictionary<(int, string, string, LicenseType, string), object?[]> rows = new();

        public void Add(int tokenId, string adamId, string pricing, LicenseType type, string target, string state,
            string? errorId, string? reason, string jobId, string now) =>
            rows[(tokenId, adamId, pricing, type, target)] =
                new object?[] { (long)tokenId, adamId, pricing, type.ToString(), target, state, errorId, reason, jobId, now };

        public void WriteTo(VppStore store, DbTransaction transaction) =>
            store.Dialect.Upsert(store.Connection, transaction, "target_status", Columns, "token_id, adam_id, pricing_param, license_type, target",
                "status = excluded.status, error_id = excluded.error_id, reason = excluded.reason, job_id = excluded.job_id, updated_on = excluded.updated_on",
                rows.Values);
    }

    private DbCommand Prepare(DbTransaction transaction, string sql, params string[] names)
    {
        var command = store.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names) command.AddParameter(name);
        store.Dialect.Prepare(command);
        return command;
    }

    private static void Set(DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
    }

    private int Execute(DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = store.Connection.CreateCommand(transaction, sql);
        foreach (var (name, value) in parameters) command.AddParameter(name, value);
        return command.ExecuteNonQuery();
    }

    private object? Scalar(DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = store.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.AddParameter(name, value);
        return command.ExecuteScalar();
    }
}
