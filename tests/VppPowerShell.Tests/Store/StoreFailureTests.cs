using System;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using VppPowerShell.Core;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Licensing;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Store;

/// <summary>
/// A shared store's database that fails under a command (its session ended, writes refused) is
/// reported as the module's own error, which says what was kept and what finishes the work.
/// </summary>
public sealed class StoreFailureTests
{
    private const string Serial = "C02ZX1ABCD12";

    [Theory, PostgresStore]
    public async Task A_job_whose_database_session_ends_midway_reports_StoreConnectionLost_and_Resume_VppJob_finishes_it(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        CmdletResult cut;
        using (var held = new HeldTableLock(fixture.ConnectionString!, "assignments"))
        {
            // Apple has taken the request; recording its outcome waits on the lock, and the session ends there.
            var run = Task.Run(() => fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", new[] { Serial })));
            held.EndWaitingSessions();
            cut = await run;
        }

        var error = cut.TerminatingError ?? throw new Xunit.Sdk.XunitException("The command did not stop: " + string.Join("; ", cut.AllErrors));
        var jobId = Assert.IsType<string>(error.Target);
        Assert.Equal(VppErrorIds.StoreConnectionLost, error.ErrorId);
        Assert.Equal(VppErrorCategory.ConnectionError, error.Category);
        AssertNamesTheDatabaseOnly(fixture, error);
        Assert.Contains("Nothing half-written was kept", error.Message);
        Assert.Contains($"Resume-VppJob -JobId {jobId}", error.RecommendedAction);
        Assert.Equal("57P01", error.Exception.Data[StoreFailure.SqlStateKey]);
        Assert.IsType<PostgresException>(error.Exception.InnerException);

        fixture.Run("Resume-VppJob", new Parameters().With("JobId", jobId)).ShouldSucceed();

        Assert.Equal(VppJobState.Completed, fixture.Run("Get-VppJob", new Parameters().With("JobId", jobId)).OutputOf<VppJob>().Single().State);
        Assert.True(fixture.Location.HasAssignment(LicensingFixture.App, serialNumber: Serial));
        var stored = fixture.Run("Get-VppAssignment", new Parameters()).ShouldSucceed().Output;
        Assert.Equal(fixture.Location.AssignmentCount, stored.Count);
    }

    [Theory, PostgresStore]
    public async Task A_sync_whose_database_session_ends_midway_reports_StoreConnectionLost_and_the_same_command_finishes_it(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        fixture.Location.AddAsset("284417350", 5, name: "Numbers");
        CmdletResult cut;
        using (var held = new HeldTableLock(fixture.ConnectionString!, "assets"))
        {
            var run = Task.Run(() => fixture.Run("Sync-VppToken", new Parameters()));
            held.EndWaitingSessions();
            cut = await run;
        }

        var error = Assert.Single(cut.AllErrors);
        Assert.Equal(VppErrorIds.StoreConnectionLost, error.ErrorId);
        AssertNamesTheDatabaseOnly(fixture, error);
        Assert.Contains("Nothing half-written was kept", error.Message);
        Assert.Contains("run the same command again", error.RecommendedAction);

        fixture.Sync();

        Assert.Equal(SyncState.Completed, fixture.Run("Get-VppToken", new Parameters()).OutputOf<VppToken>().Single().SyncState);
        Assert.Contains(fixture.Run("Get-VppAsset", new Parameters()).ShouldSucceed().Output, a => a is VppAsset { AdamId: "284417350" });
    }

    [Theory, PostgresStore]
    public void A_read_only_database_reports_StoreReadOnly_with_its_SQLSTATE(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        var readOnly = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Options = "-c default_transaction_read_only=on" }.ConnectionString;

        var result = CmdletRunner.Invoke("Sync-VppToken", new Parameters().With("StoreConnectionString", readOnly));

        var error = Assert.Single(result.AllErrors);
        Assert.Equal(VppErrorIds.StoreReadOnly, error.ErrorId);
        Assert.Contains("read-only", error.Message);
        Assert.Contains("run the same command again", error.RecommendedAction);
        Assert.Equal("25006", error.Exception.Data[StoreFailure.SqlStateKey]);
    }

    [Theory, PostgresStore]
    public void A_user_without_the_right_to_write_reports_StorePermissionDenied_with_its_SQLSTATE(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        var store = new NpgsqlConnectionStringBuilder(fixture.ConnectionString);
        var reader = "vpp_reader_" + Guid.NewGuid().ToString("N").Substring(0, 8);
        Execute(fixture.ConnectionString!, $"CREATE ROLE {reader} LOGIN PASSWORD 'reader'; GRANT USAGE ON SCHEMA {store.SearchPath} TO {reader}; GRANT SELECT ON ALL TABLES IN SCHEMA {store.SearchPath} TO {reader};");
        try
        {
            var asReader = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Username = reader, Password = "reader" }.ConnectionString;

            var result = CmdletRunner.Invoke("Sync-VppToken", new Parameters().With("StoreConnectionString", asReader));

            var error = Assert.Single(result.AllErrors);
            Assert.Equal(VppErrorIds.StorePermissionDenied, error.ErrorId);
            Assert.Equal(VppErrorCategory.PermissionDenied, error.Category);
            Assert.Equal("42501", error.Exception.Data[StoreFailure.SqlStateKey]);
            Assert.DoesNotContain("Password", error.Message, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            Execute(fixture.ConnectionString!, $"REVOKE ALL ON ALL TABLES IN SCHEMA {store.SearchPath} FROM {reader}; REVOKE USAGE ON SCHEMA {store.SearchPath} FROM {reader}; DROP ROLE {reader};");
        }
    }

    /// <summary>The message names the server and the database, never the password.</summary>
    private static void AssertNamesTheDatabaseOnly(LicensingFixture fixture, RecordedError error)
    {
        var store = new NpgsqlConnectionStringBuilder(fixture.ConnectionString);
        Assert.Contains($"Host={store.Host}", error.Message);
        Assert.Contains($"Database={store.Database}", error.Message);
        Assert.DoesNotContain("Password", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
