using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Sqlite;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Sync;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Tests.Binding;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Licensing;
using VppPowerShell.Tests.Shared;
using VppPowerShell.Tests.Tokens;
using Xunit;

namespace VppPowerShell.Tests.Store;

/// <summary>Copy-VppStore: an SQLite store into an empty shared store, every row and every token, or nothing at all.</summary>
[Collection(nameof(DefaultStoreCollection))]
public sealed class StoreCopyTests
{
    [Fact]
    public void The_copy_names_every_table_of_the_store()
    {
        using var folder = new TempFolder();
        VppStore.Open(StoreLocation.Resolve(folder.StorePath, null)).Dispose();

        Assert.Equal(SqliteTables(folder.StorePath).Where(t => t != "store_info").OrderBy(t => t), StoreCopy.Tables.OrderBy(t => t));
    }

    [Theory, PostgresStore]
    public void Every_row_of_every_table_is_copied_the_tokens_decrypt_under_the_shared_key_and_Apple_sees_the_same_store(StoreEngine engine)
    {
        using var f = new SharedStoreFixture();
        using var source = RichStore();
        var sourceCounts = StoreCopy.Tables.ToDictionary(t => t, t => Count(source.Folder.StorePath, t));
        var sourceId = StoreInfo(source.Folder.StorePath, "store_id");

        var copied = CmdletRunner.Invoke("Copy-VppStore", new Parameters().With("Path", source.Folder.StorePath)
            .With("ConnectionString", f.ConnectionString).With("KeyPath", f.KeyPath).With("PassThru", true)).ShouldSucceed();

        var summary = Assert.Single(copied.OutputOf<StoreCopySummary>());
        Assert.Equal(StoreCopy.Tables, summary.Tables.Keys);
        Assert.All(sourceCounts, c => Assert.True(c.Value > 0, $"The source has rows in {c.Key}, so the copy of each table is tested."));
        Assert.Equal(sourceCounts, summary.Tables.ToDictionary(t => t.Key, t => t.Value));
        Assert.Equal(sourceCounts, StoreCopy.Tables.ToDictionary(t => t, t => Convert.ToInt64(f.Scalar($"SELECT COUNT(*) FROM {t};"))));
        Assert.Equal(f.Shown, summary.StoreConnectionString);
        Assert.Equal(2, summary.TokenCount);
        Assert.Equal(sourceId, f.Scalar("SELECT value FROM store_info WHERE key = 'store_id';"));

        CmdletRunner.Invoke("Use-VppStore", f.UseParameters(engine)).ShouldSucceed();
        Assert.Equal(2, CmdletRunner.Invoke("Sync-VppToken", new { PassThru = true }).ShouldSucceed().OutputOf<SyncSummary>().Count());
        CmdletRunner.Invoke("New-VppGroup", new Parameters().With("Name", "After the copy").With("MemberType", "User")).ShouldSucceed();
        Assert.True(Convert.ToInt64(f.Scalar("SELECT max(group_id) FROM groups;")) > Count(source.Folder.StorePath, "groups"));
        CmdletRunner.Invoke("Add-VppToken", TokenCommands.AddParameters(f.Folder, TokenCommands.WriteToken(f.Folder, TestApple.NewLocation()), "Third").Without("StorePath")).ShouldSucceed();
        Assert.Equal(3, CmdletRunner.Invoke("Get-VppToken").ShouldSucceed().OutputOf<VppToken>().Select(t => t.TokenId).Distinct().Count());
    }

    [Theory, PostgresStore]
    public void A_target_that_is_not_empty_is_refused_with_StoreNotEmpty_and_left_as_it_was(StoreEngine engine)
    {
        using var f = new SharedStoreFixture();
        using var source = RichStore();
        CmdletRunner.Invoke("Use-VppStore", f.UseParameters(engine)).ShouldSucceed();
        CmdletRunner.Invoke("New-VppGroup", new Parameters().With("Name", "Already here").With("MemberType", "User")).ShouldSucceed();
        var before = f.Dump();

        var result = CmdletRunner.Invoke("Copy-VppStore", new Parameters().With("Path", source.Folder.StorePath).With("ConnectionString", f.ConnectionString));

        Assert.Equal("StoreNotEmpty", result.TerminatingError?.ErrorId);
        Assert.Contains("groups", result.TerminatingError!.Message);
        Assert.Equal(before, f.Dump());
    }

    [Theory, PostgresStore]
    public void A_copy_that_does_not_hold_every_row_of_the_source_is_rolled_back_with_StoreCopyMismatch(StoreEngine engine)
    {
        using var f = new SharedStoreFixture();
        using var source = RichStore();
        CmdletRunner.Invoke("Use-VppStore", f.UseParameters(engine)).ShouldSucceed();
        // Something else on the server that drops rows: the copy must notice, not trust its own inserts.
        f.Execute("""
            CREATE FUNCTION drop_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
            CREATE TRIGGER drop_devices BEFORE INSERT ON devices FOR EACH ROW EXECUTE FUNCTION drop_row();
            """);
        var before = f.Dump();

        var result = CmdletRunner.Invoke("Copy-VppStore", new Parameters().With("Path", source.Folder.StorePath).With("ConnectionString", f.ConnectionString));

        Assert.Equal("StoreCopyMismatch", result.TerminatingError?.ErrorId);
        Assert.Contains("devices: 1 in the source, 0 copied", result.TerminatingError!.Message);
        Assert.Equal(before, f.Dump());
    }

    [Theory, PostgresStore]
    public void WhatIf_copies_nothing_and_a_missing_source_is_refused(StoreEngine engine)
    {
        using var f = new SharedStoreFixture();
        using var source = RichStore();
        var copy = new Parameters().With("Path", source.Folder.StorePath).With("ConnectionString", f.ConnectionString).With("KeyPath", f.KeyPath);

        var whatIf = CmdletRunner.Invoke("Copy-VppStore", new Parameters().With("WhatIf", true).With("Path", copy["Path"]).With("ConnectionString", copy["ConnectionString"]).With("KeyPath", copy["KeyPath"]));
        var missing = CmdletRunner.Invoke("Copy-VppStore", copy.With("Path", f.Folder.File("missing.db")));

        whatIf.ShouldSucceed();
        Assert.Equal(StoreEngine.PostgreSql, engine);
        Assert.Contains(whatIf.ShouldProcessCalls, c => c.Target == f.Shown);
        Assert.Equal(0L, f.Scalar($"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '{f.Schema}';"));
        Assert.Equal("StoreNotFound", missing.TerminatingError?.ErrorId);
        Assert.False(System.IO.File.Exists(f.Folder.File("missing.db")));
    }

    /// <summary>An SQLite store with rows in every table: two synced tokens, a user, a group, a device and a finished job.</summary>
    private static LicensingFixture RichStore()
    {
        var fixture = new LicensingFixture();
        fixture.Location.AddUser("ann@contoso.com", "ann@contoso.com");
        fixture.Location.Assign(LicensingFixture.Book, clientUserId: "ann@contoso.com");
        fixture.Sync();
        CmdletRunner.Invoke("Add-VppToken", TokenCommands.AddParameters(fixture.Folder, TokenCommands.WriteToken(fixture.Folder, TestApple.NewLocation()), "Contoso Lyon")).ShouldSucceed();
        fixture.Run("New-VppGroup", new Parameters().With("Name", "Year 7").With("MemberType", "Device").With("Member", new[] { "C02ZX1ABCD12", "DMPXK2EFGH34" })).ShouldSucceed();
        fixture.Run("Set-VppDevice", new Parameters().With("SerialNumber", "C02ZX1ABCD12").With("Platform", "iOS")).ShouldSucceed();
        fixture.Run("Set-VppAssignment", new Parameters().With("TokenName", "Contoso Paris").With("AdamId", LicensingFixture.App).With("GroupName", "Year 7")).ShouldSucceed();
        return fixture;
    }

    private static IEnumerable<string> SqliteTables(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = new SqliteCommand("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%';", connection);
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read()) tables.Add(reader.GetString(0));
        return tables;
    }

    private static long Count(string path, string table)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = new SqliteCommand($"SELECT COUNT(*) FROM {table};", connection);
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private static string StoreInfo(string path, string key)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = new SqliteCommand("SELECT value FROM store_info WHERE key = @key;", connection);
        command.Parameters.AddWithValue("@key", key);
        return (string)command.ExecuteScalar()!;
    }
}
